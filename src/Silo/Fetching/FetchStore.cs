using System.Globalization;
using Dapper;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Fetches;

namespace Maimai.Silo.Fetching;

/// <summary>
/// The fetch rows as the fetch lifecycle needs them: the atomic start (rate limit and the one-active-fetch
/// index in one transaction), reads as <see cref="FetchStatus"/>, progress and failure writes that notify other
/// nodes, and the lease sweep. The database is the only arbiter: any number of nodes may call this at once.
/// </summary>
public sealed class FetchStore(Database database, FetchSessionRepository sessions)
{
    /// <summary>The notification topic; the PostgreSQL channel is the dialect's name for it ("maimai_fetch_progress").</summary>
    public const string NotificationTopic = "fetch_progress";

    /// <summary>The LISTEN/NOTIFY channel, or null on SQLite (one node, in-process progress only).</summary>
    public string? Channel { get; } = database.Dialect.NotificationChannel(NotificationTopic);

    public Database Database => database;

    /// <summary>
    /// Claims the rate-limit slot and inserts the pending fetch in one transaction. On PostgreSQL the conditional
    /// UPDATE takes the state row's lock, so a concurrent start on another node waits for this one to commit and
    /// then finds the slot taken and this fetch active. When the insert hits the one-active-fetch index, the
    /// transaction rolls back and the slot is not spent.
    /// </summary>
    public async Task<StartAttempt> TryStartAsync(long userId, Region region, DateTimeOffset now, TimeSpan rateLimit, CancellationToken cancellationToken)
    {
        long fetchId;
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            var connection = transaction.Connection;
            var key = new { UserId = userId, Region = (int)region, Now = now, Next = now + rateLimit };
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO user_region_state (user_id, region, next_fetch_allowed_at, version) VALUES (@UserId, @Region, NULL, 0)
                ON CONFLICT (user_id, region) DO NOTHING
                """, key, transaction.Transaction, cancellationToken: cancellationToken));
            var claimed = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE user_region_state SET next_fetch_allowed_at = @Next, version = version + 1
                WHERE user_id = @UserId AND region = @Region AND (next_fetch_allowed_at IS NULL OR next_fetch_allowed_at <= @Now)
                """, key, transaction.Transaction, cancellationToken: cancellationToken));
            if (claimed != 1)
            {
                var state = await connection.QuerySingleAsync<StateRow>(new CommandDefinition(
                    "SELECT next_fetch_allowed_at AS NextFetchAllowedAt FROM user_region_state WHERE user_id = @UserId AND region = @Region",
                    key, transaction.Transaction, cancellationToken: cancellationToken));
                return new StartAttempt.RateLimited(state.NextFetchAllowedAt ?? now);
            }

            var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
                INSERT INTO fetch_sessions (user_id, region, state, pages_done, created_at)
                VALUES (@UserId, @Region, 'pending', 0, @Now)
                ON CONFLICT DO NOTHING
                RETURNING id
                """, key, transaction.Transaction, cancellationToken: cancellationToken));
            if (id is null)
            {
                return new StartAttempt.Conflict();
            }

            await transaction.CommitAsync(cancellationToken);
            fetchId = id.Value;
        }

        var started = await GetAsync(fetchId, cancellationToken)
            ?? throw new InvalidOperationException($"Fetch {fetchId} vanished right after it was created.");
        return new StartAttempt.Started(started);
    }

    /// <summary>The fetch, scoped by its user: another user's id is not found.</summary>
    public async Task<FetchStatus?> GetAsync(long userId, long fetchId, CancellationToken cancellationToken) =>
        ToStatusOrNull(await sessions.GetAsync(userId, fetchId, cancellationToken));

    /// <summary>The fetch by id alone, for the node's own bookkeeping (never handed to a caller unscoped).</summary>
    internal async Task<FetchStatus?> GetAsync(long fetchId, CancellationToken cancellationToken) =>
        ToStatusOrNull(await sessions.GetAsync(fetchId, cancellationToken));

    public async Task<FetchStatus?> GetActiveAsync(long userId, Region region, CancellationToken cancellationToken) =>
        ToStatusOrNull(await sessions.GetActiveAsync(userId, region, cancellationToken));

    /// <summary>Newest first; with <paramref name="beforeId"/>, only older fetches (keyset paging).</summary>
    public async Task<IReadOnlyList<FetchStatus>> ListAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken) =>
        [.. (await sessions.ListAsync(userId, region, beforeId, limit, cancellationToken)).Select(ToStatus)];

    public async Task<bool> MarkRunningAsync(FetchStatus fetch, string nodeId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sessions.MarkRunningAsync(fetch.Id, nodeId, now, cancellationToken) && await NotifyAsync(fetch, cancellationToken);

    /// <summary>Renews the lease of fetches queued on this node (still pending); returns how many rows it touched.</summary>
    public Task<int> HeartbeatQueuedAsync(IReadOnlyCollection<long> fetchIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        fetchIds.Count == 0 ? Task.FromResult(0) : sessions.HeartbeatPendingAsync(fetchIds, now, cancellationToken);

    /// <summary>Stage, pages and heartbeat; false when the fetch is no longer running (a sweeper failed it).</summary>
    public async Task<bool> ReportProgressAsync(FetchStatus fetch, FetchStage stage, int pagesDone, int pagesTotal, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sessions.ReportProgressAsync(fetch.Id, stage.ToString(), pagesDone, pagesTotal, now, cancellationToken) && await NotifyAsync(fetch, cancellationToken);

    /// <summary>Fails a pending or running fetch; false when it had already ended.</summary>
    public async Task<bool> FailAsync(FetchStatus fetch, string code, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sessions.FailAsync(fetch.Id, code, message, now, cancellationToken) && await NotifyAsync(fetch, cancellationToken);

    /// <summary>
    /// Fails the fetch inside <paramref name="transaction"/> (with the token's session write) and queues the
    /// notification, sent by the commit; false when it had already ended.
    /// </summary>
    public async Task<bool> FailAsync(StorageTransaction transaction, FetchStatus fetch, string code, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sessions.FailAsync(transaction, fetch.Id, code, message, now, cancellationToken) && await NotifyAsync(transaction, fetch, cancellationToken);

    /// <summary>Completes the fetch inside its commit transaction and queues the notification, sent by the commit.</summary>
    public async Task<bool> CompleteAsync(StorageTransaction transaction, FetchStatus fetch, long snapshotId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await sessions.CompleteAsync(transaction, fetch.Id, snapshotId, now, cancellationToken) && await NotifyAsync(transaction, fetch, cancellationToken);

    /// <summary>Fails every fetch whose node stopped heartbeating (see <see cref="FetchSessionRepository.FailLostAsync"/>) and tells watchers.</summary>
    public async Task<IReadOnlyList<FetchStatus>> SweepLostAsync(DateTimeOffset staleBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lost = (await sessions.FailLostAsync(staleBefore, FetchErrors.NodeLost, FetchErrors.NodeLostMessage, now, cancellationToken)).Select(ToStatus).ToList();
        foreach (var fetch in lost)
        {
            await NotifyAsync(fetch, cancellationToken);
        }

        return lost;
    }

    /// <summary>The notification payload: "fetchId:userId". Watchers re-read the row; nothing else travels.</summary>
    public static string Payload(FetchStatus fetch) =>
        string.Create(CultureInfo.InvariantCulture, $"{fetch.Id}:{fetch.UserId}");

    public static bool TryParsePayload(string payload, out long fetchId)
    {
        fetchId = 0;
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        return long.TryParse(colon < 0 ? payload : payload[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out fetchId);
    }

    // NOTIFY inside a transaction is delivered at commit, and dropped by a rollback.
    private async Task<bool> NotifyAsync(StorageTransaction transaction, FetchStatus fetch, CancellationToken cancellationToken)
    {
        if (Channel is not null)
        {
            await transaction.Connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @Payload)",
                new { Channel, Payload = Payload(fetch) }, transaction.Transaction, cancellationToken: cancellationToken));
        }

        return true;
    }

    private async Task<bool> NotifyAsync(FetchStatus fetch, CancellationToken cancellationToken)
    {
        if (Channel is null)
        {
            return true;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @Payload)",
            new { Channel, Payload = Payload(fetch) }, cancellationToken: cancellationToken));
        return true;
    }

    private sealed class StateRow
    {
        public DateTimeOffset? NextFetchAllowedAt { get; set; }
    }

    private static FetchStatus? ToStatusOrNull(FetchSession? session) => session is null ? null : ToStatus(session);

    private static FetchStatus ToStatus(FetchSession session) => new(
        session.Id, session.UserId, session.Region, session.State,
        Enum.TryParse<FetchStage>(session.Stage, out var stage) ? stage : null,
        session.PagesDone, session.PagesTotal ?? 0, session.CreatedAt, session.StartedAt, session.FinishedAt, session.SnapshotId,
        FetchErrors.Parse(session.ErrorCode), session.ErrorMessage);
}

/// <summary>What <see cref="FetchStore.TryStartAsync"/> found.</summary>
public abstract record StartAttempt
{
    private StartAttempt()
    {
    }

    public sealed record Started(FetchStatus Fetch) : StartAttempt;

    /// <summary>The last start was less than the rate limit ago.</summary>
    public sealed record RateLimited(DateTimeOffset NextAllowedAt) : StartAttempt;

    /// <summary>Another fetch is pending or running (the partial unique index said so).</summary>
    public sealed record Conflict : StartAttempt;
}
