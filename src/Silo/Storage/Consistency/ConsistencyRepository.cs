using System.Data.Common;
using Dapper;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Consistency;

/// <summary>One invariant of the stored data and how many rows break it (0: it holds).</summary>
public sealed record ConsistencyCheck(string Name, string Meaning, long Count);

/// <summary>Every check of one pass, in a fixed order.</summary>
public sealed record ConsistencyReport(IReadOnlyList<ConsistencyCheck> Checks)
{
    public bool IsClean => Checks.All(c => c.Count == 0);
}

/// <summary>What the caller knows that the data cannot say by itself.</summary>
/// <param name="Now">The time a fetch's lease is measured against.</param>
/// <param name="Lease">An active fetch whose heartbeat is older than this counts as left unfinished.</param>
/// <param name="Settled">Nothing should be running any more (the load stopped): every active fetch counts.</param>
/// <param name="AutoRefresh">The schedules that must exist (user id, region); Orleans keeps their state binary, so the caller names them.</param>
public sealed record ConsistencyExpectations(DateTimeOffset Now, TimeSpan Lease, bool Settled, IReadOnlyCollection<(long UserId, Region Region)> AutoRefresh);

/// <summary>
/// Read-only checks over the fetch, snapshot, score-version, play and schedule tables, for after a fault: every
/// fetch ended (completed, or failed with a code); no snapshot without the fetch that stored it; at most one active
/// fetch per user and region; each score version in its snapshot and different from the one before it; each play
/// once, its pending detail still queued and each queued detail's play stored; every expected auto-refresh
/// reminder present. The unique indexes already refuse some of these: the check proves them on the data itself.
/// </summary>
public sealed class ConsistencyRepository(Database database)
{
    private const string FailedWithoutCode =
        "SELECT COUNT(*) FROM fetch_sessions WHERE state = 'failed' AND (error_code IS NULL OR error_code = '' OR finished_at IS NULL)";

    private const string CompletedWithoutEnd =
        "SELECT COUNT(*) FROM fetch_sessions WHERE state = 'completed' AND finished_at IS NULL";

    private const string DuplicateActive = """
        SELECT COUNT(*) FROM (SELECT user_id, region FROM fetch_sessions WHERE state IN ('pending', 'running')
                              GROUP BY user_id, region HAVING COUNT(*) > 1) d
        """;

    // The snapshot, its score versions and the fetch's snapshot_id commit in one transaction: a snapshot its fetch
    // does not name was written without that commit, and a named snapshot that is missing was lost.
    private const string PartialSnapshots = """
        SELECT COUNT(*) FROM user_snapshots s
        WHERE s.fetch_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM fetch_sessions f WHERE f.id = s.fetch_id AND f.snapshot_id = s.id)
        """;

    private const string MissingSnapshots = """
        SELECT COUNT(*) FROM fetch_sessions f
        WHERE f.snapshot_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM user_snapshots s WHERE s.id = f.snapshot_id)
        """;

    private const string MisplacedVersions = """
        SELECT COUNT(*) FROM user_scores v
        LEFT JOIN user_snapshots s ON s.id = v.snapshot_id
        WHERE s.id IS NULL OR s.seq <> v.snapshot_seq OR s.user_id <> v.user_id OR s.region <> v.region
        """;

    // A version is written only when the chart's score changed: one equal to the version before it is a duplicate.
    private const string RepeatedVersions = """
        SELECT COUNT(*) FROM (
            SELECT achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at,
                   LAG(achievement) OVER w AS p_achievement, LAG(dx_score) OVER w AS p_dx_score,
                   LAG(combo_lamp) OVER w AS p_combo_lamp, LAG(sync_lamp) OVER w AS p_sync_lamp,
                   LAG(play_count) OVER w AS p_play_count, LAG(last_played_at) OVER w AS p_last_played_at,
                   ROW_NUMBER() OVER w AS n
            FROM user_scores
            WINDOW w AS (PARTITION BY user_id, region, chart_id ORDER BY snapshot_seq)) v
        WHERE n > 1 AND achievement = p_achievement AND dx_score = p_dx_score AND combo_lamp = p_combo_lamp
          AND sync_lamp = p_sync_lamp AND play_count IS NOT DISTINCT FROM p_play_count
          AND last_played_at IS NOT DISTINCT FROM p_last_played_at
        """;

    private const string DuplicatePlays = """
        SELECT COUNT(*) FROM (SELECT user_id, region, played_at, track FROM detailed_scores
                              GROUP BY user_id, region, played_at, track HAVING COUNT(*) > 1) d
        """;

    // A play stays pending exactly while its playlogDetail page is queued (both change in one transaction).
    private const string PendingWithoutQueue = """
        SELECT COUNT(*) FROM detailed_scores p
        WHERE p.detail_pending = @Pending AND NOT EXISTS (
            SELECT 1 FROM pending_play_details q
            WHERE q.user_id = p.user_id AND q.region = p.region AND q.played_at = p.played_at AND q.track = p.track)
        """;

    private const string QueueWithoutPlay = """
        SELECT COUNT(*) FROM pending_play_details q
        WHERE NOT EXISTS (
            SELECT 1 FROM detailed_scores p
            WHERE p.user_id = q.user_id AND p.region = q.region AND p.played_at = q.played_at AND p.track = q.track)
        """;

    private const string ActiveFetches =
        "SELECT created_at AS CreatedAt, heartbeat_at AS HeartbeatAt FROM fetch_sessions WHERE state IN ('pending', 'running')";

    private const string AutoRefreshReminders =
        "SELECT GrainId FROM OrleansRemindersTable WHERE ReminderName = 'auto-refresh'";

    /// <summary>Runs every check on one connection; nothing is written.</summary>
    public async Task<ConsistencyReport> CheckAsync(ConsistencyExpectations expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        await using var connection = await database.OpenAsync(cancellationToken);
        Task<long> Count(string sql) => connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { Pending = true }, cancellationToken: cancellationToken));

        var checks = new List<ConsistencyCheck>
        {
            new("fetch_unfinished", expected.Settled
                ? "fetches still pending or running after the load stopped"
                : $"fetches pending or running with no heartbeat for {expected.Lease.TotalSeconds:0} s", await UnfinishedAsync(connection, expected, cancellationToken)),
            new("fetch_failed_without_code", "failed fetches without an error code or end time", await Count(FailedWithoutCode)),
            new("fetch_completed_without_end", "completed fetches without an end time", await Count(CompletedWithoutEnd)),
            new("fetch_duplicate_active", "users with more than one pending or running fetch in a region", await Count(DuplicateActive)),
            new("snapshot_partial", "snapshots their fetch does not name (written outside its commit)", await Count(PartialSnapshots)),
            new("snapshot_missing", "fetches naming a snapshot that does not exist", await Count(MissingSnapshots)),
            new("score_version_misplaced", "score versions whose snapshot is missing or has another seq, user or region", await Count(MisplacedVersions)),
            new("score_version_repeated", "score versions equal to the chart's previous version", await Count(RepeatedVersions)),
            new("play_duplicated", "plays stored more than once (same time and track)", await Count(DuplicatePlays)),
            new("play_detail_lost", "plays pending detail with no queued playlogDetail page", await Count(PendingWithoutQueue)),
            new("play_lost", "queued playlogDetail pages whose play is not stored", await Count(QueueWithoutPlay)),
            new("auto_refresh_missing", $"of {expected.AutoRefresh.Count} expected auto-refresh schedules, those without their reminder",
                await MissingSchedulesAsync(connection, expected.AutoRefresh, cancellationToken)),
        };
        return new ConsistencyReport(checks);
    }

    private static async Task<long> UnfinishedAsync(DbConnection connection, ConsistencyExpectations expected, CancellationToken cancellationToken)
    {
        var active = await connection.QueryAsync<ActiveFetch>(new CommandDefinition(ActiveFetches, cancellationToken: cancellationToken));
        return expected.Settled
            ? active.Count()
            : active.Count(f => expected.Now - (f.HeartbeatAt ?? f.CreatedAt) > expected.Lease);
    }

    private static async Task<long> MissingSchedulesAsync(DbConnection connection, IReadOnlyCollection<(long UserId, Region Region)> expected, CancellationToken cancellationToken)
    {
        if (expected.Count == 0)
        {
            return 0;
        }

        var present = (await connection.QueryAsync<string>(new CommandDefinition(AutoRefreshReminders, cancellationToken: cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        return expected.Count(s => !present.Contains(ReminderGrainId(s.UserId, s.Region)));
    }

    // Orleans names a reminder's grain "type/key"; an integer key with an extension (the region's name) reads "7+intl".
    private static string ReminderGrainId(long userId, Region region) =>
        "autorefresh/" + GrainIdKeyExtensions.CreateIntegerKey(userId, region.ToName()).ToString();

    private sealed record ActiveFetch(DateTimeOffset CreatedAt, DateTimeOffset? HeartbeatAt);
}
