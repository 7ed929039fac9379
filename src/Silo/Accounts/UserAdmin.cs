using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;

namespace Maimai.Silo.Accounts;

/// <summary><see cref="IUserAdmin"/> over <see cref="UserAdminRepository"/> and <see cref="FetchRepository"/>, on the service clock.</summary>
public sealed class UserAdmin(UserAdminRepository users, FetchRepository fetches, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : IUserAdmin
{
    /// <summary>How many of a user's latest fetches the page shows.</summary>
    public const int FetchesShown = 20;

    public Task<IReadOnlyList<UserListing>> SearchAsync(string? text, int limit, CancellationToken cancellationToken) =>
        users.SearchAsync(text, limit, cancellationToken);

    public Task<UserDetail?> GetAsync(long userId, CancellationToken cancellationToken) =>
        users.GetAsync(userId, FetchesShown, cancellationToken);

    public Task<IReadOnlyList<FetchListing>> ListFetchesAsync(FetchState? state, FetchErrorCode? errorCode, int limit, CancellationToken cancellationToken) =>
        fetches.ListForAdminAsync(state, errorCode, limit, cancellationToken);

    public Task<bool> SetAdminAsync(long userId, bool isAdmin, AuditActor actor, CancellationToken cancellationToken) =>
        users.SetAdminAsync(userId, isAdmin, actor, time.GetUtcNow(), cancellationToken);
}
