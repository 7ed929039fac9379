using Maimai.Core.Game;

namespace Maimai.Core.Accounts;

/// <summary>The admin's view of users: search, one user's regions and fetches, and the admin role (audited).</summary>
public interface IUserAdmin
{
    /// <summary>Users whose name, Discord id or id matches <paramref name="text"/> (all when empty), newest first.</summary>
    Task<IReadOnlyList<UserListing>> SearchAsync(string? text, int limit, CancellationToken cancellationToken);

    /// <summary>The user with their latest fetches, or null when there is none.</summary>
    Task<UserDetail?> GetAsync(long userId, CancellationToken cancellationToken);

    /// <summary>The latest fetches of everyone, newest first, in one state and with one error code when given.</summary>
    Task<IReadOnlyList<FetchListing>> ListFetchesAsync(Fetching.FetchState? state, Fetching.FetchErrorCode? errorCode, int limit, CancellationToken cancellationToken);

    /// <summary>Grants or revokes the role in the users table, recorded in admin_audit; false when there is no such user.</summary>
    Task<bool> SetAdminAsync(long userId, bool isAdmin, AuditActor actor, CancellationToken cancellationToken);
}

/// <summary>A user as the list shows them; <see cref="IsAdmin"/> is the granted role (the allowlist is configuration).</summary>
public sealed record UserListing(long Id, string DisplayName, string DiscordId, bool IsAdmin, DateTimeOffset CreatedAt);

/// <summary>A user with the regions they fetched and their latest fetches, newest first.</summary>
public sealed record UserDetail(UserListing User, IReadOnlyList<Region> Regions, IReadOnlyList<UserFetch> Fetches);

/// <summary>One fetch as the admin sees it: state, when, and the typed error when it failed.</summary>
public sealed record UserFetch(long Id, Region Region, string State, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? ErrorCode, string? ErrorMessage);

/// <summary>A fetch in the admin's list of everyone's fetches, with the entries it kept as warnings and the pages it requested (once ended).</summary>
public sealed record FetchListing(long UserId, string DisplayName, UserFetch Fetch, string? Stage, int PagesDone, int? PagesTotal, int WarningCount = 0, Fetching.PagesRequested? PagesRequested = null);
