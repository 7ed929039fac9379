using Maimai.Core.Accounts;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>
/// The real store with a count of the lookups that reached it, and an optional pause after the database answered
/// and before the caller hears back (a sync point for racing a revoke against a lookup).
/// </summary>
internal sealed class CountingAccountStore(IAccountStore store) : IAccountStore
{
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>When set, the next lookup signals <see cref="LookupRead"/> and waits for this before returning.</summary>
    public TaskCompletionSource? HoldNextLookup { get; set; }

    public TaskCompletionSource LookupRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<ApiCaller?> AuthenticateAsync(string plaintextToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        var caller = await store.AuthenticateAsync(plaintextToken, cancellationToken);
        if (HoldNextLookup is { } hold)
        {
            HoldNextLookup = null;
            LookupRead.TrySetResult();
            await hold.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return caller;
    }

    public Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken cancellationToken) =>
        store.RevokeApiTokenAsync(userId, tokenId, cancellationToken);

    public Task<Account?> GetAccountAsync(long userId, CancellationToken cancellationToken) => store.GetAccountAsync(userId, cancellationToken);

    public Task<Account> CreateLocalUserAsync(string displayName, bool isAdmin, CancellationToken cancellationToken) =>
        store.CreateLocalUserAsync(displayName, isAdmin, cancellationToken);

    public Task<CreatedApiToken?> CreateApiTokenAsync(long userId, string name, CancellationToken cancellationToken) =>
        store.CreateApiTokenAsync(userId, name, cancellationToken);

    public Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken) =>
        store.ListApiTokensAsync(userId, beforeId, limit, cancellationToken);
}
