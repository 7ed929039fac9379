using Dapper;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Fetches;

/// <summary>
/// A fetch as stored: one row of fetch_sessions (the table keeps its name; in code "session" means the DX NET
/// session only). At most one pending-or-running fetch exists per user and region. NodeId is the Orleans silo that
/// accepted it (its parsable address).
/// </summary>
public sealed record FetchRow(
    long Id,
    long UserId,
    Region Region,
    FetchState State,
    FetchStage? Stage,
    int PagesDone,
    int? PagesTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? HeartbeatAt,
    string? NodeId,
    long? SnapshotId,
    FetchErrorCode ErrorCode,
    string? ErrorMessage,
    int WarningCount = 0,
    PagesRequested? PagesRequested = null,
    DateTimeOffset? SnapshotAt = null,
    int DetailDone = 0,
    int DetailTotal = 0,
    DateTimeOffset? SnapshotExpectedAt = null,
    DateTimeOffset? DetailExpectedAt = null)
{
    /// <summary>The fetch as its owner sees it (without the silo and lease bookkeeping).</summary>
    public FetchStatus ToStatus() => new(
        Id, UserId, Region, State, Stage, PagesDone, PagesTotal ?? 0, CreatedAt, StartedAt, FinishedAt, SnapshotId, ErrorCode, ErrorMessage,
        WarningCount, PagesRequested, SnapshotAt, DetailDone, DetailTotal, SnapshotExpectedAt, DetailExpectedAt);
}

/// <summary>
/// fetch_sessions, the fetches. Creation relies on the partial unique index: a second pending-or-running fetch of
/// the same user and region is refused by the database itself, on every node. Stage and error code are Core's
/// enums in code and text in the row; this is the one place that maps them.
/// </summary>
public sealed class FetchRepository(Database database)
{
    private const string Columns = """
        id AS Id, user_id AS UserId, region AS Region, state AS State, stage AS Stage, pages_done AS PagesDone,
        pages_total AS PagesTotal, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt,
        heartbeat_at AS HeartbeatAt, node_id AS NodeId, snapshot_id AS SnapshotId, error_code AS ErrorCode,
        error_message AS ErrorMessage, warning_count AS WarningCount, pages_requested AS PagesRequested,
        snapshot_at AS SnapshotAt, detail_done AS DetailDone, detail_total AS DetailTotal,
        snapshot_expected_at AS SnapshotExpectedAt, detail_expected_at AS DetailExpectedAt
        """;

    /// <summary>
    /// Claims the rate-limit slot (user_region_state) and inserts the pending fetch, owned by <paramref name="nodeId"/>,
    /// in one transaction. On PostgreSQL the conditional UPDATE takes the state row's lock, so a concurrent start
    /// elsewhere waits for this one to commit and then finds the slot taken and this fetch active. When the insert
    /// hits the one-active-fetch index, the transaction rolls back and the slot is not spent. These two guards
    /// hold whatever any silo or grain activation believes.
    /// </summary>
    public async Task<FetchStart> TryStartAsync(long userId, Region region, string nodeId, DateTimeOffset now, TimeSpan rateLimit, CancellationToken cancellationToken = default)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var connection = transaction.Connection;
        var key = new { UserId = userId, Region = (int)region, NodeId = nodeId, Now = now, Next = now + rateLimit };
        if (await ClaimStartAsync(transaction, userId, region, now, rateLimit, cancellationToken) is { } limited)
        {
            return limited;
        }

        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            INSERT INTO fetch_sessions (user_id, region, state, pages_done, created_at, node_id)
            VALUES (@UserId, @Region, 'pending', 0, @Now, @NodeId)
            ON CONFLICT DO NOTHING
            RETURNING {Columns}
            """, key, transaction.Transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return new FetchStart.Conflict();
        }

        await transaction.CommitAsync(cancellationToken);
        return new FetchStart.Started(row.ToFetch());
    }

    /// <summary>
    /// A fetch whose silo was lost (or shut down) in its detail phase carries on here: it claims the rate-limit slot
    /// (a resume counts as a start) and moves the row from <paramref name="lostNodeId"/> (null: released at a
    /// shutdown) to <paramref name="nodeId"/>, in one transaction. Conflict when the row is no longer that lost
    /// node's running detail phase (another silo took it first, or it ended); nothing is spent then.
    /// </summary>
    public async Task<FetchStart> TryResumeDetailAsync(long fetchId, string? lostNodeId, string nodeId, DateTimeOffset now, TimeSpan rateLimit,
        CancellationToken cancellationToken = default)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var current = await transaction.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM fetch_sessions WHERE id = @Id", new { Id = fetchId }, transaction.Transaction, cancellationToken: cancellationToken));
        if (current is null)
        {
            return new FetchStart.Conflict();
        }

        if (await ClaimStartAsync(transaction, current.UserId, (Region)current.Region, now, rateLimit, cancellationToken) is { } limited)
        {
            return limited;
        }

        var row = await transaction.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            UPDATE fetch_sessions SET node_id = @NodeId, heartbeat_at = @Now
            WHERE id = @Id AND state = 'running' AND snapshot_id IS NOT NULL AND COALESCE(node_id, '') = @Lost
            RETURNING {Columns}
            """, new { Id = fetchId, NodeId = nodeId, Now = now, Lost = lostNodeId ?? "" }, transaction.Transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return new FetchStart.Conflict();
        }

        await transaction.CommitAsync(cancellationToken);
        return new FetchStart.Started(row.ToFetch());
    }

    /// <summary>
    /// A shutdown stopped the detail phase between pages: the row stays running but owned by no silo, so the next
    /// sweep on any silo (the restarted one included) resumes it at once, without waiting out the lease. Inside
    /// the transaction that stores the newest session; false when the row was no longer this node's.
    /// </summary>
    public Task<bool> ReleaseDetailAsync(StorageTransaction transaction, long fetchId, string nodeId, DateTimeOffset now, PagesRequested? pages,
        CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, """
            node_id = NULL, heartbeat_at = @Now, detail_expected_at = NULL, pages_requested = COALESCE(@Pages, pages_requested)
            WHERE id = @Id AND state = 'running' AND snapshot_id IS NOT NULL AND node_id = @NodeId
            """,
            new { Id = fetchId, NodeId = nodeId, Now = now, Pages = pages?.ToString() }, cancellationToken);

    /// <summary>Every fetch pending or running, on any node (few: one per user and region at most).</summary>
    public async Task<IReadOnlyList<FetchRow>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM fetch_sessions WHERE state IN ('pending', 'running')", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToFetch())];
    }

    public async Task<FetchRow?> GetActiveAsync(long userId, Region region, CancellationToken cancellationToken = default) =>
        await SingleAsync($"SELECT {Columns} FROM fetch_sessions WHERE user_id = @UserId AND region = @Region AND state IN ('pending', 'running')",
            new { UserId = userId, Region = (int)region }, cancellationToken);

    /// <summary>The fetch, scoped by its user.</summary>
    public async Task<FetchRow?> GetAsync(long userId, long fetchId, CancellationToken cancellationToken = default) =>
        await SingleAsync($"SELECT {Columns} FROM fetch_sessions WHERE id = @Id AND user_id = @UserId",
            new { Id = fetchId, UserId = userId }, cancellationToken);

    /// <summary>The fetch by id alone, for a node's own bookkeeping (never handed to a caller unscoped).</summary>
    public async Task<FetchRow?> GetAsync(long fetchId, CancellationToken cancellationToken = default) =>
        await SingleAsync($"SELECT {Columns} FROM fetch_sessions WHERE id = @Id", new { Id = fetchId }, cancellationToken);

    /// <summary>Newest first; with <paramref name="beforeId"/>, only older fetches (keyset paging).</summary>
    public async Task<IReadOnlyList<FetchRow>> ListAsync(long userId, Region region, long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM fetch_sessions WHERE user_id = @UserId AND region = @Region AND id < @Before ORDER BY id DESC LIMIT @Limit",
            new { UserId = userId, Region = (int)region, Before = beforeId ?? long.MaxValue, Limit = Math.Clamp(limit, 1, 500) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToFetch())];
    }

    /// <summary>pending → running; false when the fetch was not pending (it was failed meanwhile).</summary>
    public Task<bool> MarkRunningAsync(long fetchId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(null, "state = 'running', started_at = @Now, heartbeat_at = @Now WHERE id = @Id AND state = 'pending'",
            new { Id = fetchId, Now = now }, cancellationToken);

    /// <summary>Renews the lease of fetches still pending (queued on this node for a free slot); returns how many.</summary>
    public async Task<int> HeartbeatPendingAsync(IReadOnlyCollection<long> fetchIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (fetchIds.Count == 0)
        {
            return 0;
        }

        // Dapper sends a list to Npgsql as one array parameter (= ANY), and expands it for SQLite (IN (...)).
        var match = database.Dialect.Provider == StorageProvider.Postgres ? "id = ANY(@Ids)" : "id IN @Ids";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE fetch_sessions SET heartbeat_at = @Now WHERE {match} AND state = 'pending'",
            new { Ids = fetchIds.ToArray(), Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>Records progress and renews the heartbeat (the lease); false when the fetch is no longer running.</summary>
    public Task<bool> ReportProgressAsync(long fetchId, FetchStage stage, int pagesDone, int? pagesTotal, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(null, "stage = @Stage, pages_done = @PagesDone, pages_total = @PagesTotal, heartbeat_at = @Now WHERE id = @Id AND state = 'running'",
            new { Id = fetchId, Stage = stage.ToString(), PagesDone = pagesDone, PagesTotal = pagesTotal, Now = now }, cancellationToken);

    /// <summary>
    /// Progress with both phases' counts and estimates; false when the fetch is no longer running, or, with
    /// <paramref name="nodeId"/>, no longer that node's (a silo that resumed its detail phase took it over).
    /// </summary>
    public Task<bool> ReportProgressAsync(FetchStatus progress, DateTimeOffset now, string? nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var owner = nodeId is null ? "" : " AND node_id = @NodeId";
        return UpdateAsync(null, $"""
            stage = @Stage, pages_done = @PagesDone, pages_total = @PagesTotal, detail_done = @DetailDone, detail_total = @DetailTotal,
            snapshot_expected_at = @SnapshotExpectedAt, detail_expected_at = @DetailExpectedAt, heartbeat_at = @Now
            WHERE id = @Id AND state = 'running'{owner}
            """,
            new
            {
                progress.Id, Stage = (progress.Stage ?? FetchStage.Login).ToString(), progress.PagesDone, progress.PagesTotal, progress.DetailDone,
                progress.DetailTotal, progress.SnapshotExpectedAt, progress.DetailExpectedAt, Now = now, NodeId = nodeId,
            }, cancellationToken);
    }

    /// <summary>
    /// The snapshot is stored (inside its transaction): the fetch stays running, now in its detail phase, with the
    /// snapshot browsable, the entries kept as warnings so far and the detail pages queued.
    /// </summary>
    public Task<bool> SnapshotStoredAsync(StorageTransaction transaction, long fetchId, long snapshotId, int warningCount, int detailTotal, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, """
            snapshot_id = @SnapshotId, snapshot_at = @Now, heartbeat_at = @Now, warning_count = @Warnings, detail_done = 0,
            detail_total = @DetailTotal, snapshot_expected_at = NULL WHERE id = @Id AND state = 'running'
            """,
            new { Id = fetchId, SnapshotId = snapshotId, Now = now, Warnings = warningCount, DetailTotal = detailTotal }, cancellationToken);

    /// <summary>One more entry kept as a warning by the detail phase (inside the page's transaction).</summary>
    public Task<bool> AddWarningAsync(StorageTransaction transaction, long fetchId, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "warning_count = warning_count + 1 WHERE id = @Id AND state = 'running'", new { Id = fetchId }, cancellationToken);

    /// <summary>running (detail phase) → completed, keeping the snapshot and warnings already recorded.</summary>
    public Task<bool> CompleteDetailAsync(StorageTransaction transaction, long fetchId, DateTimeOffset now, PagesRequested? pages, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, """
            state = 'completed', finished_at = @Now, heartbeat_at = @Now, detail_expected_at = NULL,
            pages_requested = @Pages WHERE id = @Id AND state = 'running' AND snapshot_id IS NOT NULL
            """,
            new { Id = fetchId, Now = now, Pages = pages?.ToString() }, cancellationToken);

    /// <summary>
    /// running → completed with its snapshot, the entries it kept as warnings and the pages it requested, inside the
    /// transaction that wrote the snapshot.
    /// </summary>
    public Task<bool> CompleteAsync(StorageTransaction transaction, long fetchId, long? snapshotId, DateTimeOffset now, int warningCount = 0, PagesRequested? pages = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, """
            state = 'completed', snapshot_id = @SnapshotId, snapshot_at = COALESCE(snapshot_at, @Now), finished_at = @Now, heartbeat_at = @Now,
            warning_count = @Warnings, snapshot_expected_at = NULL, detail_expected_at = NULL, pages_requested = @Pages WHERE id = @Id AND state IN ('pending', 'running')
            """,
            new { Id = fetchId, SnapshotId = snapshotId, Now = now, Warnings = warningCount, Pages = pages?.ToString() }, cancellationToken);

    /// <summary>Marks a pending or running fetch failed with a code and a message for the player.</summary>
    public Task<bool> FailAsync(long fetchId, FetchErrorCode errorCode, string errorMessage, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        FailAsync(null, fetchId, errorCode, errorMessage, now, cancellationToken);

    /// <summary>The same, inside <paramref name="transaction"/> (null: on its own connection).</summary>
    public Task<bool> FailAsync(StorageTransaction? transaction, long fetchId, FetchErrorCode errorCode, string errorMessage, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        FailAsync(transaction, fetchId, errorCode, errorMessage, null, now, cancellationToken);

    /// <summary>The same, with the pages the fetch had requested when they are known.</summary>
    public Task<bool> FailAsync(StorageTransaction? transaction, long fetchId, FetchErrorCode errorCode, string errorMessage, PagesRequested? pages, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, """
            state = 'failed', error_code = @ErrorCode, error_message = @ErrorMessage, finished_at = @Now,
            snapshot_expected_at = NULL, detail_expected_at = NULL, pages_requested = COALESCE(@Pages, pages_requested) WHERE id = @Id AND state IN ('pending', 'running')
            """,
            new { Id = fetchId, ErrorCode = ErrorCodeText(errorCode), ErrorMessage = errorMessage, Now = now, Pages = pages?.ToString() }, cancellationToken);

    /// <summary>
    /// Claims the user's rate-limit slot inside <paramref name="transaction"/>: null when claimed, else when the next
    /// start is allowed. On PostgreSQL the conditional UPDATE holds the state row's lock until the transaction ends.
    /// </summary>
    private static async Task<FetchStart.RateLimited?> ClaimStartAsync(StorageTransaction transaction, long userId, Region region, DateTimeOffset now, TimeSpan rateLimit,
        CancellationToken cancellationToken)
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
        if (claimed == 1)
        {
            return null;
        }

        var next = await connection.QuerySingleAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT next_fetch_allowed_at FROM user_region_state WHERE user_id = @UserId AND region = @Region",
            key, transaction.Transaction, cancellationToken: cancellationToken));
        return new FetchStart.RateLimited(next ?? now);
    }

    /// <summary>The admin's list: everyone's latest fetches, newest first, filtered by state and error code when given.</summary>
    public async Task<IReadOnlyList<FetchListing>> ListForAdminAsync(FetchState? state, FetchErrorCode? errorCode, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AdminRow>(new CommandDefinition("""
            SELECT f.id AS Id, f.user_id AS UserId, u.display_name AS DisplayName, f.region AS Region, f.state AS State, f.stage AS Stage,
                   f.pages_done AS PagesDone, f.pages_total AS PagesTotal, f.created_at AS CreatedAt, f.finished_at AS FinishedAt,
                   f.error_code AS ErrorCode, f.error_message AS ErrorMessage, f.warning_count AS WarningCount, f.pages_requested AS PagesRequested
            FROM fetch_sessions f JOIN users u ON u.id = f.user_id
            WHERE (@State IS NULL OR f.state = @State) AND (@ErrorCode IS NULL OR f.error_code = @ErrorCode)
            ORDER BY f.id DESC LIMIT @Limit
            """, new { State = state?.ToString().ToLowerInvariant(), ErrorCode = errorCode is { } code ? ErrorCodeText(code) : null, Limit = limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FetchListing(r.UserId, r.DisplayName,
            new UserFetch(r.Id, (Region)r.Region, r.State, r.CreatedAt, r.FinishedAt, r.ErrorCode, r.ErrorMessage), r.Stage, r.PagesDone, r.PagesTotal,
            r.WarningCount, r.PagesRequested is null ? null : PagesRequested.Parse(r.PagesRequested)))];
    }

    private sealed class AdminRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string DisplayName { get; set; } = "";
        public int Region { get; set; }
        public string State { get; set; } = "";
        public string? Stage { get; set; }
        public int PagesDone { get; set; }
        public int? PagesTotal { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
        public int WarningCount { get; set; }
        public string? PagesRequested { get; set; }
    }

    // error_code: stable text that existing rows hold, one per FetchErrorCode (None is NULL).
    private static readonly (FetchErrorCode Code, string Text)[] StoredErrorCodes =
    [
        (FetchErrorCode.Maintenance, "MAINTENANCE"),
        (FetchErrorCode.TokenExpired, "TOKEN_EXPIRED"),
        (FetchErrorCode.SiteError, "SITE_ERROR"),
        (FetchErrorCode.UnexpectedPage, "UNEXPECTED_PAGE"),
        (FetchErrorCode.Network, "NETWORK"),
        (FetchErrorCode.Internal, "INTERNAL"),
        (FetchErrorCode.NodeLost, "NODE_LOST"),
    ];

    private static string ErrorCodeText(FetchErrorCode code) =>
        Array.Find(StoredErrorCodes, c => c.Code == code).Text
        ?? throw new ArgumentOutOfRangeException(nameof(code), code, "A failed fetch needs an error code.");

    // A text this build does not know reads as Internal.
    private static FetchErrorCode ErrorCodeOf(string? text) =>
        string.IsNullOrEmpty(text) ? FetchErrorCode.None
        : Array.Find(StoredErrorCodes, c => c.Text == text) is { Text: not null } known ? known.Code
        : FetchErrorCode.Internal;

    private async Task<FetchRow?> SingleAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return row?.ToFetch();
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
        public int WarningCount { get; set; }
        public string? PagesRequested { get; set; }
        public DateTimeOffset? SnapshotAt { get; set; }
        public int DetailDone { get; set; }
        public int DetailTotal { get; set; }
        public DateTimeOffset? SnapshotExpectedAt { get; set; }
        public DateTimeOffset? DetailExpectedAt { get; set; }

        public FetchRow ToFetch() => new(
            Id, UserId, (Region)Region, Enum.Parse<FetchState>(State, ignoreCase: true),
            Enum.TryParse<FetchStage>(Stage, out var stage) ? stage : null, PagesDone, PagesTotal,
            CreatedAt, StartedAt, FinishedAt, HeartbeatAt, NodeId, SnapshotId, ErrorCodeOf(ErrorCode), ErrorMessage,
            WarningCount, PagesRequested is null ? null : Core.Fetching.PagesRequested.Parse(PagesRequested),
            SnapshotAt, DetailDone, DetailTotal, SnapshotExpectedAt, DetailExpectedAt);
    }
}

/// <summary>What <see cref="FetchRepository.TryStartAsync"/> found.</summary>
public abstract record FetchStart
{
    private FetchStart()
    {
    }

    public sealed record Started(FetchRow Fetch) : FetchStart;

    /// <summary>The last start was less than the rate limit ago.</summary>
    public sealed record RateLimited(DateTimeOffset NextAllowedAt) : FetchStart;

    /// <summary>Another fetch is pending or running (the partial unique index said so).</summary>
    public sealed record Conflict : FetchStart;
}
