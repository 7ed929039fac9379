using Dapper;
using Maimai.Core.Fetching;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Fetches;

/// <summary>A row of fetch_sessions; at most one pending-or-running fetch exists per user and region.</summary>
public sealed record FetchSession(
    long Id,
    long UserId,
    Region Region,
    FetchState State,
    string? Stage,
    int PagesDone,
    int? PagesTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? HeartbeatAt,
    string? NodeId,
    long? SnapshotId,
    string? ErrorCode,
    string? ErrorMessage);

/// <summary>
/// fetch_sessions. Creation relies on the partial unique index: a second pending-or-running fetch of the same
/// user and region is refused by the database itself, on every node.
/// </summary>
public sealed class FetchSessionRepository(Database database)
{
    private const string Columns = """
        id AS Id, user_id AS UserId, region AS Region, state AS State, stage AS Stage, pages_done AS PagesDone,
        pages_total AS PagesTotal, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt,
        heartbeat_at AS HeartbeatAt, node_id AS NodeId, snapshot_id AS SnapshotId, error_code AS ErrorCode,
        error_message AS ErrorMessage
        """;

    /// <summary>Inserts a pending fetch, or returns null when one is already pending or running (then see <see cref="GetActiveAsync"/>).</summary>
    public async Task<FetchSession?> TryCreatePendingAsync(long userId, Region region, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            INSERT INTO fetch_sessions (user_id, region, state, pages_done, created_at)
            VALUES (@UserId, @Region, 'pending', 0, @Now)
            ON CONFLICT DO NOTHING
            RETURNING {Columns}
            """, new { UserId = userId, Region = (int)region, Now = now }, cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    public async Task<FetchSession?> GetActiveAsync(long userId, Region region, CancellationToken cancellationToken = default) =>
        await SingleAsync($"SELECT {Columns} FROM fetch_sessions WHERE user_id = @UserId AND region = @Region AND state IN ('pending', 'running')",
            new { UserId = userId, Region = (int)region }, cancellationToken);

    /// <summary>The fetch, scoped by its user.</summary>
    public async Task<FetchSession?> GetAsync(long userId, long fetchId, CancellationToken cancellationToken = default) =>
        await SingleAsync($"SELECT {Columns} FROM fetch_sessions WHERE id = @Id AND user_id = @UserId",
            new { Id = fetchId, UserId = userId }, cancellationToken);

    /// <summary>The fetch by id alone, for a node's own bookkeeping (never handed to a caller unscoped).</summary>
    public async Task<FetchSession?> GetAsync(long fetchId, CancellationToken cancellationToken = default) =>
        await SingleAsync($"SELECT {Columns} FROM fetch_sessions WHERE id = @Id", new { Id = fetchId }, cancellationToken);

    /// <summary>Newest first; with <paramref name="beforeId"/>, only older fetches (keyset paging).</summary>
    public async Task<IReadOnlyList<FetchSession>> ListAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM fetch_sessions WHERE user_id = @UserId AND region = @Region AND id < @Before ORDER BY id DESC LIMIT @Limit",
            new { UserId = userId, Region = (int)region, Before = beforeId ?? long.MaxValue, Limit = Math.Clamp(limit, 1, 500) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSession())];
    }

    /// <summary>
    /// Fails every fetch whose node stopped heartbeating (running with an old heartbeat, or pending since before
    /// the lease, or since its last queued heartbeat), and returns them. One conditional UPDATE: when two nodes sweep
    /// at once, each row goes to exactly one of them.
    /// </summary>
    public async Task<IReadOnlyList<FetchSession>> FailLostAsync(DateTimeOffset staleBefore, string errorCode, string errorMessage, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            UPDATE fetch_sessions SET state = 'failed', error_code = @ErrorCode, error_message = @ErrorMessage, finished_at = @Now
            WHERE (state = 'running' AND heartbeat_at < @StaleBefore)
               OR (state = 'pending' AND COALESCE(heartbeat_at, created_at) < @StaleBefore)
            RETURNING {Columns}
            """, new { ErrorCode = errorCode, ErrorMessage = errorMessage, Now = now, StaleBefore = staleBefore }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSession())];
    }

    /// <summary>pending → running on this node; false when the fetch was not pending.</summary>
    public Task<bool> MarkRunningAsync(long fetchId, string nodeId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(null, "state = 'running', node_id = @NodeId, started_at = @Now, heartbeat_at = @Now WHERE id = @Id AND state = 'pending'",
            new { Id = fetchId, NodeId = nodeId, Now = now }, cancellationToken);

    /// <summary>Renews the lease of fetches still pending (queued on this node for a free slot); returns how many.</summary>
    public async Task<int> HeartbeatPendingAsync(IReadOnlyCollection<long> fetchIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // Dapper sends a list to Npgsql as one array parameter (= ANY), and expands it for SQLite (IN (...)).
        var match = database.Dialect.Provider == StorageProvider.Postgres ? "id = ANY(@Ids)" : "id IN @Ids";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE fetch_sessions SET heartbeat_at = @Now WHERE {match} AND state = 'pending'",
            new { Ids = fetchIds.ToArray(), Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>Records progress and renews the heartbeat (the lease); false when the fetch is no longer running.</summary>
    public Task<bool> ReportProgressAsync(long fetchId, string? stage, int pagesDone, int? pagesTotal, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(null, "stage = @Stage, pages_done = @PagesDone, pages_total = @PagesTotal, heartbeat_at = @Now WHERE id = @Id AND state = 'running'",
            new { Id = fetchId, Stage = stage, PagesDone = pagesDone, PagesTotal = pagesTotal, Now = now }, cancellationToken);

    /// <summary>running → completed with its snapshot, inside the transaction that wrote the snapshot.</summary>
    public Task<bool> CompleteAsync(StorageTransaction transaction, long fetchId, long? snapshotId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "state = 'completed', snapshot_id = @SnapshotId, finished_at = @Now, heartbeat_at = @Now WHERE id = @Id AND state IN ('pending', 'running')",
            new { Id = fetchId, SnapshotId = snapshotId, Now = now }, cancellationToken);

    /// <summary>Marks a pending or running fetch failed with a code and a message for the player.</summary>
    public Task<bool> FailAsync(long fetchId, string errorCode, string errorMessage, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        FailAsync(null, fetchId, errorCode, errorMessage, now, cancellationToken);

    /// <summary>The same, inside <paramref name="transaction"/> (null: on its own connection).</summary>
    public Task<bool> FailAsync(StorageTransaction? transaction, long fetchId, string errorCode, string errorMessage, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "state = 'failed', error_code = @ErrorCode, error_message = @ErrorMessage, finished_at = @Now WHERE id = @Id AND state IN ('pending', 'running')",
            new { Id = fetchId, ErrorCode = errorCode, ErrorMessage = errorMessage, Now = now }, cancellationToken);

    private async Task<FetchSession?> SingleAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    private async Task<bool> UpdateAsync(StorageTransaction? transaction, string setAndWhere, object parameters, CancellationToken cancellationToken)
    {
        var sql = "UPDATE fetch_sessions SET " + setAndWhere;
        if (transaction is not null)
        {
            return await transaction.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction.Transaction, cancellationToken: cancellationToken)) == 1;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)) == 1;
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public int Region { get; set; }
        public string State { get; set; } = "";
        public string? Stage { get; set; }
        public int PagesDone { get; set; }
        public int? PagesTotal { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public DateTimeOffset? HeartbeatAt { get; set; }
        public string? NodeId { get; set; }
        public long? SnapshotId { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }

        public FetchSession ToSession() => new(
            Id, UserId, (Region)Region, Enum.Parse<FetchState>(State, ignoreCase: true), Stage, PagesDone, PagesTotal,
            CreatedAt, StartedAt, FinishedAt, HeartbeatAt, NodeId, SnapshotId, ErrorCode, ErrorMessage);
    }
}
