using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// user_scores: the versioned scores of snapshots, written with their snapshot (its row through
/// <see cref="SnapshotRepository"/>). A score row is written only when the chart's score differs from the newest
/// version before it, so the score set of snapshot S is, per chart, the newest version with snapshot_seq &lt;= S's
/// seq; an unchanged re-fetch costs one snapshot row. The level DX NET displayed beside a score is part of its version:
/// a fetch that reads the score lists and sees another level for an unchanged score writes a version too (the one
/// way a level change is seen), so a snapshot's score set carries the level its newest read of the lists displayed.
/// The diff and a chart's history compare scores only, so such a version is no change there.
/// </summary>
public sealed class ScoreRepository(Database database)
{
    private const string Columns = """
        s.chart_id AS ChartId, s.achievement AS Achievement, s.dx_score AS DxScore, s.combo_lamp AS ComboLamp,
        s.sync_lamp AS SyncLamp, s.play_count AS PlayCount, s.last_played_at AS LastPlayedAt,
        s.snapshot_seq AS SnapshotSeq, s.site_level_x10 AS SiteLevelX10
        """;

    // The score set at a sequence number (given as SQL in place of /*seq*/): per chart, the version in force then,
    // snapshot_seq <= seq < superseded_seq (ScoreListingKeys keeps superseded_seq). Every column is in
    // user_scores_listing, so it is one index-only range over the user's versions in the region: no grouping, no join
    // back (the grouped MAX joined back took 9 ms a set on average under the system bench, and 0.5 s when the
    // planner's estimate for a growing user was stale).
    private const string InForce = """
        FROM user_scores s
        WHERE s.user_id = @UserId AND s.region = @Region AND s.snapshot_seq <= /*seq*/ AND s.superseded_seq > /*seq*/
        """;

    private const string SeqOfSnapshot =
        "(SELECT seq FROM user_snapshots WHERE id = @SnapshotId AND user_id = @UserId AND region = @Region)";

    private readonly Database _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>
    /// Writes the snapshot inside the caller's transaction (with the fetch's plays and completion). The diff
    /// against the newest versions is computed here. Charts absent from <see cref="SnapshotWrite.Scores"/> keep
    /// their previous version: DX NET never forgets a score.
    /// </summary>
    public async Task<SnapshotWriteResult> WriteSnapshotAsync(StorageTransaction transaction, SnapshotWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(write);
        var incoming = new Dictionary<int, ChartScore>(write.Scores.Count);
        foreach (var given in write.Scores)
        {
            // Stored times keep microseconds (both engines); compare what will be stored.
            var score = given.LastPlayedAt is { } t ? given with { LastPlayedAt = t.AddTicks(-(t.Ticks % 10)) } : given;
            if (!incoming.TryAdd(score.ChartId, score))
            {
                throw new ArgumentException($"Chart {score.ChartId} appears twice in one snapshot.", nameof(write));
            }
        }

        var seq = await SnapshotRepository.NextSeqAsync(transaction, write.UserId, write.Region, cancellationToken);
        var previous = await ReadAsync(transaction, write.UserId, write.Region, "@Seq", new { Seq = seq - 1 }, cancellationToken);
        var snapshotId = await SnapshotRepository.InsertAsync(transaction, write, seq, cancellationToken);
        var before = previous.ToDictionary(s => s.Score.ChartId, s => s.Score);
        var changed = new List<ScoreVersionRow>();
        foreach (var score in incoming.Values.OrderBy(s => s.ChartId))
        {
            // A level not read (null) is no news: it never replaces a known one on its own.
            if (!before.TryGetValue(score.ChartId, out var old) || !old.SameScore(score) || (score.SiteLevel is not null && score.SiteLevel != old.SiteLevel))
            {
                changed.Add(new ScoreVersionRow(write.UserId, write.Region, seq, snapshotId, score));
            }
        }

        await transaction.Dialect.BulkInsertScoreVersionsAsync(transaction, changed, cancellationToken);
        await ScoreListingKeys.SnapshotWrittenAsync(transaction, write.UserId, write.Region, seq, cancellationToken);
        return new SnapshotWriteResult(snapshotId, seq, changed.Count);
    }

    /// <summary>
    /// Fills the chart's newest score version with its musicDetail figures (inside the page's transaction). The
    /// page shows the chart as it is now, which is its newest version: an older version's figures stay unknown.
    /// </summary>
    public async Task<bool> FillPlayCountAsync(StorageTransaction transaction, long userId, Region region, int chartId, int? playCount, DateTimeOffset? lastPlayedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            UPDATE user_scores SET play_count = @PlayCount, last_played_at = @LastPlayedAt
            WHERE id = (SELECT id FROM user_scores WHERE user_id = @UserId AND region = @Region AND chart_id = @ChartId
                        ORDER BY snapshot_seq DESC LIMIT 1)
            """, new { UserId = userId, Region = (int)region, ChartId = chartId, PlayCount = playCount, LastPlayedAt = StoredTime(lastPlayedAt) },
            transaction.Transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Moves the user's score-set revision (inside the transaction that filled play counts in), so a score set
    /// cached at an older revision, on any silo, is read again.
    /// </summary>
    public async Task BumpRevisionAsync(StorageTransaction transaction, long userId, Region region, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await transaction.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO score_set_revisions (user_id, region, revision) VALUES (@UserId, @Region, 1)
            ON CONFLICT (user_id, region) DO UPDATE SET revision = score_set_revisions.revision + 1
            """, new { UserId = userId, Region = (int)region }, transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The user's score-set revision: one primary-key read (0 before any play count was filled in).</summary>
    public async Task<long> ReadRevisionAsync(long userId, Region region, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT revision FROM score_set_revisions WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken)) ?? 0;
    }

    // As stored: UTC (PostgreSQL takes no other offset), to the microsecond (both engines keep no finer).
    private static DateTimeOffset? StoredTime(DateTimeOffset? time) => time is { } t ? t.ToUniversalTime().AddTicks(-(t.Ticks % 10)) : null;

    /// <summary>The full score set of a snapshot, ordered by chart id; empty when the snapshot is not this user's and region's.</summary>
    public async Task<IReadOnlyList<StoredScore>> ReadSnapshotScoresAsync(long userId, Region region, long snapshotId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var sql = $"SELECT {Columns} {AtSeq(SeqOfSnapshot)} ORDER BY s.chart_id";
        var rows = await connection.QueryAsync<ScoreRow>(new CommandDefinition(
            sql, new { UserId = userId, Region = (int)region, SnapshotId = snapshotId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>
    /// One ListScores page of the user's snapshot at <paramref name="set"/>, read in the database
    /// (<see cref="ScorePageQuery"/>): up to <paramref name="limit"/> matching scores after the cursor with their
    /// listing keys (the songs library fills in the rest), and the next cursor when more match. Empty when the
    /// snapshot is not the user's at that position (the caller tells that apart from an empty page).
    /// </summary>
    public async Task<ListedVersionPage> ListPageAsync(long userId, long snapshotId, ScoreSetPosition set, ScoreQuery query, ScoreCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (sql, parameters) = ScorePageQuery.Build(userId, snapshotId, set, query, after, (long)limit + 1);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ListedRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        var page = rows.Take(limit).Select(r => r.ToListed()).ToList();
        var next = rows.Count > limit ? page[^1] : null;
        return new ListedVersionPage(page, next is null ? null : new ScoreCursor(next.Level.Tenths, next.Title, next.ChartType, next.Difficulty, next.Score.ChartId, set));
    }

    /// <summary>
    /// Every stored version of one chart's score, oldest first, with the snapshot each first appeared in: one range of
    /// the unique (user_id, region, chart_id, snapshot_seq) index, never a whole score set.
    /// </summary>
    public async Task<IReadOnlyList<ChartScoreVersion>> ChartVersionsAsync(long userId, Region region, int chartId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition("""
            SELECT s.snapshot_id AS SnapshotId, s.snapshot_seq AS SnapshotSeq, n.taken_at AS TakenAt, s.achievement AS Achievement,
                s.dx_score AS DxScore, s.combo_lamp AS ComboLamp, s.sync_lamp AS SyncLamp, s.play_count AS PlayCount,
                s.last_played_at AS LastPlayedAt
            FROM user_scores s JOIN user_snapshots n ON n.id = s.snapshot_id
            WHERE s.user_id = @UserId AND s.region = @Region AND s.chart_id = @ChartId ORDER BY s.snapshot_seq
            """, new { UserId = userId, Region = (int)region, ChartId = chartId }, cancellationToken: cancellationToken));

        // A version written only because the displayed level changed is no new score.
        var versions = new List<ChartScoreVersion>();
        VersionRow? kept = null;
        foreach (var row in rows)
        {
            if (kept is null || !row.SameScore(kept))
            {
                versions.Add(row.ToVersion());
                kept = row;
            }
        }

        return versions;
    }

    /// <summary>
    /// The charts whose score changed after snapshot seq <paramref name="fromSeq"/> up to <paramref name="toSeq"/>:
    /// per chart the newest version in that range and the version in force at <paramref name="fromSeq"/> (null when
    /// the chart was unplayed then). Both are ranges of superseded_seq, never a whole score set: the versions written
    /// in between that are in force at <paramref name="toSeq"/>, and the versions in force at
    /// <paramref name="fromSeq"/> that one of those superseded. A chart whose only new version changed the displayed
    /// level is no change.
    /// </summary>
    public async Task<IReadOnlyList<(ChartScore? Before, ChartScore After)>> ChangesBetweenAsync(
        long userId, Region region, int fromSeq, int toSeq, CancellationToken cancellationToken = default)
    {
        var parameters = new { UserId = userId, Region = (int)region, From = fromSeq, To = toSeq };
        await using var connection = await _database.OpenAsync(cancellationToken);
        var after = await connection.QueryAsync<ScoreRow>(new CommandDefinition($"""
            SELECT {Columns} FROM user_scores s
            WHERE s.user_id = @UserId AND s.region = @Region AND s.snapshot_seq > @From AND s.snapshot_seq <= @To AND s.superseded_seq > @To
            ORDER BY s.chart_id
            """, parameters, cancellationToken: cancellationToken));
        var before = await connection.QueryAsync<ScoreRow>(new CommandDefinition($"""
            SELECT {Columns} FROM user_scores s
            WHERE s.user_id = @UserId AND s.region = @Region AND s.snapshot_seq <= @From AND s.superseded_seq > @From AND s.superseded_seq <= @To
            """, parameters, cancellationToken: cancellationToken));
        var previous = before.ToDictionary(r => r.ChartId, r => r.ToStored().Score);

        // A chart whose versions in between ended where they began (possible after a snapshot was deleted) did not change.
        return [.. after.Select(r => (Before: previous.GetValueOrDefault(r.ChartId), After: r.ToStored().Score))
            .Where(c => c.Before is null || !c.Before.SameScore(c.After))];
    }

    private static string AtSeq(string seqSql) => InForce.Replace("/*seq*/", seqSql, StringComparison.Ordinal);

    private static async Task<List<StoredScore>> ReadAsync(StorageTransaction transaction, long userId, Region region, string seqSql, object seqParameter, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(seqParameter);
        parameters.Add("UserId", userId);
        parameters.Add("Region", (int)region);
        var sql = $"SELECT {Columns} {AtSeq(seqSql)}";
        var rows = await transaction.Connection.QueryAsync<ScoreRow>(new CommandDefinition(
            sql, parameters, transaction.Transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToStored())];
    }

    private sealed class ListedRow
    {
        public int ChartId { get; set; }
        public int SortLevel { get; set; }
        public string Title { get; set; } = "";
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
        public int Achievement { get; set; }
        public int DxScore { get; set; }
        public int ComboLamp { get; set; }
        public int SyncLamp { get; set; }
        public int? PlayCount { get; set; }
        public DateTimeOffset? LastPlayedAt { get; set; }
        public int? SiteLevelX10 { get; set; }

        // sort_level is the region's level negated (migration 0017).
        public ListedVersion ToListed() => new(
            new Level(-SortLevel), Title, (ChartType)ChartType, (Difficulty)Difficulty,
            new ChartScore(ChartId, new Achievement(Achievement), DxScore, (ComboLamp)ComboLamp, (SyncLamp)SyncLamp, PlayCount, LastPlayedAt,
                SiteLevelX10 is { } site ? new Level(site) : null));
    }

    private sealed class VersionRow
    {
        public long SnapshotId { get; set; }
        public int SnapshotSeq { get; set; }
        public DateTimeOffset TakenAt { get; set; }
        public int Achievement { get; set; }
        public int DxScore { get; set; }
        public int ComboLamp { get; set; }
        public int SyncLamp { get; set; }
        public int? PlayCount { get; set; }
        public DateTimeOffset? LastPlayedAt { get; set; }

        public bool SameScore(VersionRow other) =>
            (Achievement, DxScore, ComboLamp, SyncLamp, PlayCount, LastPlayedAt) ==
            (other.Achievement, other.DxScore, other.ComboLamp, other.SyncLamp, other.PlayCount, other.LastPlayedAt);

        public ChartScoreVersion ToVersion() => new(
            SnapshotId, SnapshotSeq, TakenAt, new Achievement(Achievement), DxScore, (ComboLamp)ComboLamp, (SyncLamp)SyncLamp, PlayCount);
    }

    private sealed class ScoreRow
    {
        public int ChartId { get; set; }
        public int Achievement { get; set; }
        public int DxScore { get; set; }
        public int ComboLamp { get; set; }
        public int SyncLamp { get; set; }
        public int? PlayCount { get; set; }
        public DateTimeOffset? LastPlayedAt { get; set; }
        public int SnapshotSeq { get; set; }
        public int? SiteLevelX10 { get; set; }

        public StoredScore ToStored() => new(
            new ChartScore(ChartId, new Achievement(Achievement), DxScore, (ComboLamp)ComboLamp, (SyncLamp)SyncLamp, PlayCount, LastPlayedAt,
                SiteLevelX10 is { } site ? new Level(site) : null),
            SnapshotSeq);
    }
}
