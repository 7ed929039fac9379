using System.Text.Json;
using Dapper;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Scores;

/// <summary>Reads user_snapshots (the profile of each fetch); scores are read through <see cref="ScoreRepository"/>.</summary>
public sealed class SnapshotRepository(Database database)
{
    private const string Columns = """
        id AS Id, user_id AS UserId, region AS Region, seq AS Seq, taken_at AS TakenAt, fetch_id AS FetchId,
        player_name AS PlayerName, title AS Title, trophy_color AS TrophyColor, icon AS Icon, site_rating AS SiteRating,
        computed_rating AS ComputedRating, rating_color AS RatingColor, class_rank AS ClassRank, course_rank AS CourseRank,
        stars AS Stars, play_count_version AS PlayCountVersion, play_count_total AS PlayCountTotal, lamp_counts AS LampCounts
        """;

    /// <summary>The snapshot, or null when it is not this user's and region's.</summary>
    public async Task<Snapshot?> GetAsync(long userId, Region region, long snapshotId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM user_snapshots WHERE id = @Id AND user_id = @UserId AND region = @Region",
            new { Id = snapshotId, UserId = userId, Region = (int)region }, cancellationToken)).SingleOrDefault();

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

    /// <summary>Snapshots newest first, before the given sequence number when paging.</summary>
    public Task<IReadOnlyList<Snapshot>> ListAsync(long userId, Region region, int limit, int? beforeSeq = null, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM user_snapshots WHERE user_id = @UserId AND region = @Region AND seq < @Before ORDER BY seq DESC LIMIT @Limit",
            new { UserId = userId, Region = (int)region, Before = beforeSeq ?? int.MaxValue, Limit = limit }, cancellationToken);

    private async Task<IReadOnlyList<Snapshot>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSnapshot())];
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
            PlayerName, Title, TrophyColor, Icon, SiteRating, ComputedRating, RatingColor,
            (ClassRank?)ClassRank, (CourseRank?)CourseRank, Stars, PlayCountVersion, PlayCountTotal,
            LampCounts is null ? null : JsonSerializer.Deserialize<Dictionary<string, int>>(LampCounts)));
    }
}
