using System.Text.Json;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// user_snapshots: one row per fetch with the player's profile and our rating; every read is scoped by user. A
/// snapshot's scores are <see cref="ScoreRepository"/>'s, which writes a snapshot and its scores together. The rating
/// colour is stored by name and the lamp counts as JSON; this is the one place that maps them.
/// </summary>
public sealed class SnapshotRepository(Database database)
{
    private const string Columns = """
        id AS Id, user_id AS UserId, region AS Region, seq AS Seq, taken_at AS TakenAt, fetch_id AS FetchId,
        player_name AS PlayerName, title AS Title, trophy_color AS TrophyColor, icon AS Icon, site_rating AS SiteRating,
        computed_rating AS ComputedRating, rating_color AS RatingColor, class_rank AS ClassRank, course_rank AS CourseRank,
        stars AS Stars, play_count_version AS PlayCountVersion, play_count_total AS PlayCountTotal, lamp_counts AS LampCounts
        """;

    private const string SummaryColumns = """
        id AS Id, region AS Region, seq AS Seq, taken_at AS TakenAt, computed_rating AS Rating,
        site_rating AS SiteRating, play_count_total AS TotalPlayCount
        """;

    private const string InsertSql = """
        INSERT INTO user_snapshots (user_id, region, seq, taken_at, fetch_id, player_name, title, trophy_color, icon,
            site_rating, computed_rating, rating_color, class_rank, course_rank, stars, play_count_version,
            play_count_total, lamp_counts)
        VALUES (@UserId, @Region, @Seq, @TakenAt, @FetchId, @PlayerName, @Title, @TrophyColor, @Icon,
            @SiteRating, @ComputedRating, @RatingColor, @ClassRank, @CourseRank, @Stars, @PlayCountVersion,
            @PlayCountTotal, @LampCounts)
        RETURNING id
        """;

    /// <summary>
    /// The snapshot in whichever region it was taken, or null when it is not this user's. Snapshot ids are unique
    /// across regions, so one query by id and user answers what asking each region would.
    /// </summary>
    public async Task<Snapshot?> GetAsync(long userId, long snapshotId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM user_snapshots WHERE id = @Id AND user_id = @UserId",
            new { Id = snapshotId, UserId = userId }, cancellationToken)).SingleOrDefault();

    /// <summary>The newest snapshot, or null before the first fetch.</summary>
    public async Task<Snapshot?> GetLatestAsync(long userId, Region region, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM user_snapshots WHERE user_id = @UserId AND region = @Region ORDER BY seq DESC LIMIT 1",
            new { UserId = userId, Region = (int)region }, cancellationToken)).SingleOrDefault();

    /// <summary>Newest first, taken in the range, with seq below <paramref name="beforeSeq"/> when given.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(long userId, Region region, TakenRange range, int? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(userId, region, range);
        parameters.Add("Before", beforeSeq ?? int.MaxValue);
        parameters.Add("Limit", limit);
        return await QuerySummariesAsync(
            $"SELECT {SummaryColumns} FROM user_snapshots WHERE {where} AND seq < @Before ORDER BY seq DESC LIMIT @Limit", parameters, cancellationToken);
    }

    /// <summary>Every snapshot in the range, oldest first.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> SeriesAsync(long userId, Region region, TakenRange range, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(userId, region, range);
        return await QuerySummariesAsync($"SELECT {SummaryColumns} FROM user_snapshots WHERE {where} ORDER BY seq", parameters, cancellationToken);
    }

    /// <summary>
    /// The total play counts of the snapshots taken from <paramref name="from"/> (inclusive) to <paramref name="to"/>
    /// (exclusive), with the last one before and the first one after, oldest first: the windows that cover the range.
    /// The bounds go as UTC (Npgsql writes timestamptz only from UTC values; a reader's day starts at any offset).
    /// </summary>
    public async Task<IReadOnlyList<PlayCountAt>> PlayCountsAroundAsync(long userId, Region region, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlayCountRow>(new CommandDefinition("""
            SELECT taken_at AS TakenAt, play_count_total AS TotalPlayCount FROM user_snapshots
            WHERE user_id = @UserId AND region = @Region
              AND seq >= COALESCE((SELECT MAX(seq) FROM user_snapshots WHERE user_id = @UserId AND region = @Region AND taken_at < @From), 0)
              AND seq <= COALESCE((SELECT MIN(seq) FROM user_snapshots WHERE user_id = @UserId AND region = @Region AND taken_at >= @To), 2147483647)
            ORDER BY seq
            """, new { UserId = userId, Region = (int)region, From = from.ToUniversalTime(), To = to.ToUniversalTime() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new PlayCountAt(r.TakenAt, r.TotalPlayCount))];
    }

    /// <summary>Every user and region with at least one snapshot (what retention walks).</summary>
    public async Task<IReadOnlyList<(long UserId, Region Region)>> OwnersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long UserId, int Region)>(new CommandDefinition(
            "SELECT DISTINCT user_id, region FROM user_snapshots ORDER BY user_id, region", cancellationToken: cancellationToken));
        return [.. rows.Select(r => (r.UserId, (Region)r.Region))];
    }

    /// <summary>The next sequence number of the user and region, inside the writer's transaction.</summary>
    internal static Task<int> NextSeqAsync(StorageTransaction transaction, long userId, Region region, CancellationToken cancellationToken) =>
        transaction.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM user_snapshots WHERE user_id = @UserId AND region = @Region",
            new { UserId = userId, Region = (int)region }, transaction.Transaction, cancellationToken: cancellationToken));

    /// <summary>Inserts the snapshot row with sequence number <paramref name="seq"/>, inside the writer's transaction; returns its id.</summary>
    internal static Task<long> InsertAsync(StorageTransaction transaction, SnapshotWrite write, int seq, CancellationToken cancellationToken)
    {
        var profile = write.Profile;
        return transaction.Connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            write.UserId,
            Region = (int)write.Region,
            Seq = seq,
            write.TakenAt,
            write.FetchId,
            profile.PlayerName,
            profile.Title,
            profile.TrophyColor,
            Icon = profile.IconUrl,
            profile.SiteRating,
            ComputedRating = write.Rating,
            RatingColor = profile.RatingColor?.ToString(),
            ClassRank = (int?)profile.ClassRank,
            CourseRank = (int?)profile.CourseRank,
            profile.Stars,
            PlayCountVersion = profile.VersionPlayCount,
            PlayCountTotal = profile.TotalPlayCount,
            LampCounts = profile.LampCounts is null ? null : JsonSerializer.Serialize(LampCountsJson.From(profile.LampCounts)),
        }, transaction.Transaction, cancellationToken: cancellationToken));
    }

    private static (string Where, DynamicParameters Parameters) Where(long userId, Region region, TakenRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var parameters = new DynamicParameters(new { UserId = userId, Region = (int)region });
        var where = "user_id = @UserId AND region = @Region";
        if (range.From is { } from)
        {
            where += " AND taken_at >= @From";
            parameters.Add("From", from);
        }

        if (range.To is { } to)
        {
            where += " AND taken_at < @To";
            parameters.Add("To", to);
        }

        return (where, parameters);
    }

    private async Task<IReadOnlyList<Snapshot>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSnapshot())];
    }

    private async Task<IReadOnlyList<SnapshotSummary>> QuerySummariesAsync(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSummary())];
    }

    private sealed class PlayCountRow
    {
        public DateTimeOffset TakenAt { get; set; }
        public int? TotalPlayCount { get; set; }
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public int Region { get; set; }
        public int Seq { get; set; }
        public DateTimeOffset TakenAt { get; set; }
        public long? FetchId { get; set; }
        public string PlayerName { get; set; } = "";
        public string? Title { get; set; }
        public string? TrophyColor { get; set; }
        public string? Icon { get; set; }
        public int? SiteRating { get; set; }
        public int? ComputedRating { get; set; }
        public string? RatingColor { get; set; }
        public int? ClassRank { get; set; }
        public int? CourseRank { get; set; }
        public int? Stars { get; set; }
        public int? PlayCountVersion { get; set; }
        public int? PlayCountTotal { get; set; }
        public string? LampCounts { get; set; }

        public Snapshot ToSnapshot() => new(Id, UserId, (Region)Region, Seq, TakenAt, FetchId, new PlayerProfile(
            PlayerName, Title, TrophyColor, Icon, SiteRating, RatingColorOf(RatingColor),
            (ClassRank?)ClassRank, (CourseRank?)CourseRank, Stars, PlayCountVersion, PlayCountTotal,
            LampCounts is null ? null : LampCountsJson.ToCounts(JsonSerializer.Deserialize<Dictionary<string, int>>(LampCounts)!)),
            ComputedRating);

        // Stored by name (any case); a name this build does not know reads as not shown.
        private static RatingColor? RatingColorOf(string? name) =>
            Enum.GetValues<RatingColor>().Cast<RatingColor?>().FirstOrDefault(c => string.Equals(c.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private sealed class SummaryRow
    {
        public long Id { get; set; }
        public int Region { get; set; }
        public int Seq { get; set; }
        public DateTimeOffset TakenAt { get; set; }
        public int? Rating { get; set; }
        public int? SiteRating { get; set; }
        public int? TotalPlayCount { get; set; }

        public SnapshotSummary ToSummary() => new(Id, (Region)Region, Seq, TakenAt, Rating ?? 0, SiteRating ?? 0, TotalPlayCount ?? 0);
    }
}
