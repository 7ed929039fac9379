using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Silo.Storage;

namespace Maimai.Silo.Snapshots;

/// <summary>The snapshot lists and series the API reads, each scoped by user and region.</summary>
public sealed class SnapshotReader(Database database)
{
    private const string SummaryColumns = """
        id AS Id, region AS Region, seq AS Seq, taken_at AS TakenAt, computed_rating AS Rating,
        site_rating AS SiteRating, play_count_total AS TotalPlayCount
        """;

    /// <summary>Newest first, taken in the range, with seq below <paramref name="beforeSeq"/> when given.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(long userId, Region region, TakenRange range, int? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var (where, parameters) = Where(userId, region, range);
        parameters.Add("Before", beforeSeq ?? int.MaxValue);
        parameters.Add("Limit", limit);
        var rows = await QueryAsync<SummaryRow>(
            $"SELECT {SummaryColumns} FROM user_snapshots WHERE {where} AND seq < @Before ORDER BY seq DESC LIMIT @Limit", parameters, cancellationToken);
        return [.. rows.Select(r => r.ToSummary())];
    }

    /// <summary>Every snapshot in the range, oldest first.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> SeriesAsync(long userId, Region region, TakenRange range, CancellationToken cancellationToken)
    {
        var (where, parameters) = Where(userId, region, range);
        var rows = await QueryAsync<SummaryRow>($"SELECT {SummaryColumns} FROM user_snapshots WHERE {where} ORDER BY seq", parameters, cancellationToken);
        return [.. rows.Select(r => r.ToSummary())];
    }

    /// <summary>Every stored version of one chart's score, oldest first: (the snapshot seq it starts at, the achievement).</summary>
    public async Task<IReadOnlyList<(int Seq, Achievement Achievement)>> ChartVersionsAsync(long userId, Region region, int chartId, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { UserId = userId, Region = (int)region, ChartId = chartId });
        var rows = await QueryAsync<VersionRow>("""
            SELECT snapshot_seq AS Seq, achievement AS Achievement FROM user_scores
            WHERE user_id = @UserId AND region = @Region AND chart_id = @ChartId ORDER BY snapshot_seq
            """, parameters, cancellationToken);
        return [.. rows.Select(r => (r.Seq, new Achievement(r.Achievement)))];
    }

    private static (string Where, DynamicParameters Parameters) Where(long userId, Region region, TakenRange range)
    {
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

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
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

    private sealed class VersionRow
    {
        public int Seq { get; set; }
        public int Achievement { get; set; }
    }
}
