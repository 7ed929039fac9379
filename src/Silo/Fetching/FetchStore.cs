using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Fetches;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The fetch rows as the fetch lifecycle sees them: <see cref="FetchRepository"/>'s rows read as
/// <see cref="FetchStatus"/>, the atomic start, progress, completion and failure. Every write is conditional on the row's state, so any number of silos
/// may call this at once and the database decides.
/// </summary>
public sealed class FetchStore(FetchRepository fetches)
{
    /// <summary>Claims the rate-limit slot and creates the pending fetch owned by <paramref name="nodeId"/> (see <see cref="FetchRepository.TryStartAsync"/>).</summary>
    public Task<FetchStart> TryStartAsync(long userId, Region region, string nodeId, DateTimeOffset now, TimeSpan rateLimit, CancellationToken cancellationToken) =>
        fetches.TryStartAsync(userId, region, nodeId, now, rateLimit, cancellationToken);

    /// <summary>The fetch, scoped by its user: another user's id is not found.</summary>
    public async Task<FetchStatus?> GetAsync(long userId, long fetchId, CancellationToken cancellationToken) =>
        ToStatusOrNull(await fetches.GetAsync(userId, fetchId, cancellationToken));

    /// <summary>The fetch by id alone, for the silo's own bookkeeping (never handed to a caller unscoped).</summary>
    internal async Task<FetchStatus?> GetAsync(long fetchId, CancellationToken cancellationToken) =>
        ToStatusOrNull(await fetches.GetAsync(fetchId, cancellationToken));

    /// <summary>The row with its owner and lease, for deciding whether its silo is gone.</summary>
    internal Task<FetchRow?> GetRowAsync(long fetchId, CancellationToken cancellationToken) =>
        fetches.GetAsync(fetchId, cancellationToken);

    public async Task<FetchStatus?> GetActiveAsync(long userId, Region region, CancellationToken cancellationToken) =>
        ToStatusOrNull(await fetches.GetActiveAsync(userId, region, cancellationToken));

    /// <summary>Every pending or running fetch of every silo.</summary>
    internal Task<IReadOnlyList<FetchRow>> ListActiveAsync(CancellationToken cancellationToken) => fetches.ListActiveAsync(cancellationToken);

    /// <summary>Newest first; with <paramref name="beforeId"/>, only older fetches (keyset paging).</summary>
    public async Task<IReadOnlyList<FetchStatus>> ListAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken) =>
        [.. (await fetches.ListAsync(userId, region, beforeId, limit, cancellationToken)).Select(ToStatus)];

    public Task<bool> MarkRunningAsync(FetchStatus fetch, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetches.MarkRunningAsync(fetch.Id, now, cancellationToken);

    /// <summary>Renews the lease of fetches waiting on this silo for a slot (still pending); returns how many rows it touched.</summary>
    public Task<int> HeartbeatQueuedAsync(IReadOnlyCollection<long> fetchIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetchIds.Count == 0 ? Task.FromResult(0) : fetches.HeartbeatPendingAsync(fetchIds, now, cancellationToken);

    /// <summary>Stage, pages and heartbeat; false when the fetch is no longer running (it was failed as lost).</summary>
    public Task<bool> ReportProgressAsync(FetchStatus fetch, FetchStage stage, int pagesDone, int pagesTotal, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetches.ReportProgressAsync(fetch.Id, stage, pagesDone, pagesTotal, now, cancellationToken);

    /// <summary>Fails a pending or running fetch; false when it had already ended.</summary>
    public Task<bool> FailAsync(long fetchId, FetchErrorCode code, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetches.FailAsync(fetchId, code, message, now, cancellationToken);

    /// <summary>Fails the fetch inside <paramref name="transaction"/> (with the token's session write); false when it had already ended.</summary>
    public Task<bool> FailAsync(StorageTransaction transaction, FetchStatus fetch, FetchErrorCode code, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetches.FailAsync(transaction, fetch.Id, code, message, now, cancellationToken);

    /// <summary>Completes the fetch inside its commit transaction.</summary>
    public Task<bool> CompleteAsync(StorageTransaction transaction, FetchStatus fetch, long snapshotId, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetches.CompleteAsync(transaction, fetch.Id, snapshotId, now, cancellationToken);

    private static FetchStatus? ToStatusOrNull(FetchRow? row) => row is null ? null : ToStatus(row);

    internal static FetchStatus ToStatus(FetchRow row) => new(
        row.Id, row.UserId, row.Region, row.State, row.Stage, row.PagesDone, row.PagesTotal ?? 0, row.CreatedAt, row.StartedAt,
        row.FinishedAt, row.SnapshotId, row.ErrorCode, row.ErrorMessage);
}
