using System.Collections.Concurrent;
using Maimai.Core.Accounts;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Accounts;

/// <summary>
/// <see cref="IAccountStore"/> that remembers recently authenticated API tokens, so a client paging through a
/// snapshot costs one api_tokens lookup per <see cref="ApiTokenCacheOptions.Duration"/> instead of one per call.
/// Revoking through this store drops the token at once on this node; other nodes (which share only the database)
/// stop accepting it within <see cref="ApiTokenCacheOptions.Duration"/>. Every other call passes straight through.
/// </summary>
public sealed class CachedAccountStore : IAccountStore
{
    private readonly IAccountStore _store;
    private readonly ApiCallerCache _cache;
    private readonly ConcurrentDictionary<string, Task<ApiCaller?>> _lookups = new(StringComparer.Ordinal);

    public CachedAccountStore(IAccountStore store, TimeProvider time, IOptions<ApiTokenCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _cache = new ApiCallerCache(time, options.Value.Duration, options.Value.MaxEntries);
    }

    public async Task<ApiCaller?> AuthenticateAsync(string plaintextToken, CancellationToken cancellationToken)
    {
        // Junk never reaches the database nor the cache; the store refuses it the same way.
        if (!_cache.Enabled || !ApiTokenFormat.LooksValid(plaintextToken))
        {
            return await _store.AuthenticateAsync(plaintextToken, cancellationToken);
        }

        // Keyed by the token's hash, as the database is: the plaintext is never kept.
        var key = Convert.ToBase64String(ApiTokenFormat.Hash(plaintextToken));
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        // One lookup per token at a time: a client that opens with a burst of calls (a thousand StartFetch at once)
        // costs one database query, not a pool's worth of them.
        var lookup = new TaskCompletionSource<ApiCaller?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _lookups.GetOrAdd(key, lookup.Task);
        if (shared == lookup.Task)
        {
            _ = LookUpAsync(plaintextToken, key, lookup);
        }

        return await shared.WaitAsync(cancellationToken);
    }

    public async Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.RevokeApiTokenAsync(userId, tokenId, cancellationToken);
        }
        finally
        {
            // After the database has it (or failed to), so a lookup racing the revoke cannot re-add the token. Also when
            // the store says "not found": the token may have been revoked on another node and still be cached here.
            // Lookups in flight may have read the token before the revoke: later callers must not join them.
            _cache.RemoveToken(userId, tokenId);
            _lookups.Clear();
        }
    }

    public Task<Account?> GetAccountAsync(long userId, CancellationToken cancellationToken) =>
        _store.GetAccountAsync(userId, cancellationToken);

    public Task<Account> CreateLocalUserAsync(string displayName, bool isAdmin, CancellationToken cancellationToken) =>
        _store.CreateLocalUserAsync(displayName, isAdmin, cancellationToken);

    public Task<CreatedApiToken?> CreateApiTokenAsync(long userId, string name, CancellationToken cancellationToken) =>
        _store.CreateApiTokenAsync(userId, name, cancellationToken);

    public Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken) =>
        _store.ListApiTokensAsync(userId, beforeId, limit, cancellationToken);

    // Not cancelled by any one caller: others may be waiting on it. Leaves the in-flight map before answering, so a
    // caller that hears the answer and asks again starts a new lookup.
    private async Task LookUpAsync(string plaintextToken, string key, TaskCompletionSource<ApiCaller?> lookup)
    {
        try
        {
            var generation = _cache.Generation;
            var caller = await _store.AuthenticateAsync(plaintextToken, CancellationToken.None);
            if (caller is not null)
            {
                _cache.Add(key, caller, generation);
            }

            _lookups.TryRemove(new KeyValuePair<string, Task<ApiCaller?>>(key, lookup.Task));
            lookup.SetResult(caller);
        }
#pragma warning disable CA1031 // Every waiting caller gets the failure, as each would have on its own lookup.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _lookups.TryRemove(new KeyValuePair<string, Task<ApiCaller?>>(key, lookup.Task));
            lookup.SetException(e);
        }
    }
}
