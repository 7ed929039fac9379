using System.Text;
using Dapper;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// One ListScores page as a single SELECT that walks the user_scores_listing index (migration 0017) in ListScores
/// order, from the keyset cursor on: level descending (sort_level is the level negated), then title by code point,
/// chart type, difficulty and chart id. The snapshot's set is the versions with snapshot_seq &lt;= seq &lt;
/// superseded_seq, checked on each index entry, so a page reads about page-size entries (more only where a
/// filter or a chart's later versions skip some), never the whole set, and never touches charts or songs. The
/// snapshot's region and seq are parameters (from its row, or from the sealed cursor of the page before); one
/// EXISTS on the snapshot's row keeps the page the user's. Every value is a parameter.
/// </summary>
internal static class ScorePageQuery
{
    private const string Select = """
        SELECT s.chart_id AS ChartId, s.sort_level AS SortLevel, s.sort_title AS Title, s.sort_chart_type AS ChartType,
               s.sort_difficulty AS Difficulty, s.achievement AS Achievement, s.dx_score AS DxScore, s.combo_lamp AS ComboLamp,
               s.sync_lamp AS SyncLamp, s.play_count AS PlayCount, s.last_played_at AS LastPlayedAt,
               s.site_level_x10 AS SiteLevelX10
        FROM user_scores s
        WHERE s.user_id = @UserId AND s.region = @Region AND s.snapshot_seq <= @Seq AND s.superseded_seq > @Seq
          AND EXISTS (SELECT 1 FROM user_snapshots WHERE id = @SnapshotId AND user_id = @UserId AND region = @Region AND seq = @Seq)
        """;

    /// <summary>The SELECT for up to <paramref name="rows"/> rows after <paramref name="after"/>, with its parameters.</summary>
    public static (string Sql, DynamicParameters Parameters) Build(
        long userId, long snapshotId, ScoreSetPosition set, ScoreQuery query, ScoreCursor? after, long rows)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        var parameters = new DynamicParameters();
        parameters.Add("UserId", userId);
        parameters.Add("SnapshotId", snapshotId);
        parameters.Add("Region", (int)set.Region);
        parameters.Add("Seq", set.Seq);
        parameters.Add("Rows", rows);
        if (query.Difficulties.Count > 0)
        {
            where.Add(In("s.sort_difficulty", "Difficulty", query.Difficulties.Select(d => (int)d), parameters));
        }

        if (query.ChartType is { } type)
        {
            where.Add("s.sort_chart_type = @ChartType");
            parameters.Add("ChartType", (int)type);
        }

        // Levels are negated in the key: the lowest level asked for is the highest sort_level.
        if (query.MinLevel is { } min)
        {
            where.Add("s.sort_level <= @MinSortLevel");
            parameters.Add("MinSortLevel", -min.Tenths);
        }

        if (query.MaxLevel is { } max)
        {
            where.Add("s.sort_level >= @MaxSortLevel");
            parameters.Add("MaxSortLevel", -max.Tenths);
        }

        if (query.ComboLamps.Count > 0)
        {
            where.Add(In("s.combo_lamp", "ComboLamp", query.ComboLamps.Select(l => (int)l), parameters));
        }

        if (query.SyncLamps.Count > 0)
        {
            where.Add(In("s.sync_lamp", "SyncLamp", query.SyncLamps.Select(l => (int)l), parameters));
        }

        if (after is not null)
        {
            // Strictly after the cursor in the listing order (the cursor's own row need not exist any more): one row
            // comparison over the index's columns, all ascending, which both engines take as the scan's start.
            where.Add("(s.sort_level, s.sort_title, s.sort_chart_type, s.sort_difficulty, s.chart_id) > (@AfterSortLevel, @AfterTitle, @AfterType, @AfterDifficulty, @AfterChartId)");
            parameters.Add("AfterSortLevel", -(long)after.LevelTenths); // wide: a cursor at int.MinValue is past the end, not before the start
            parameters.Add("AfterTitle", after.Title);
            parameters.Add("AfterType", (int)after.ChartType);
            parameters.Add("AfterDifficulty", (int)after.Difficulty);
            parameters.Add("AfterChartId", after.ChartId);
        }

        var sql = new StringBuilder(Select);
        foreach (var condition in where)
        {
            sql.Append("\n  AND ").Append(condition);
        }

        sql.Append("\nORDER BY s.sort_level, s.sort_title, s.sort_chart_type, s.sort_difficulty, s.chart_id\nLIMIT @Rows");
        return (sql.ToString(), parameters);
    }

    // One parameter per value, written out: Dapper passes a list to Npgsql as one array parameter, which IN cannot take.
    private static string In(string column, string name, IEnumerable<int> values, DynamicParameters parameters)
    {
        var names = new List<string>();
        foreach (var value in values.Order())
        {
            var parameter = name + names.Count;
            parameters.Add(parameter, value);
            names.Add("@" + parameter);
        }

        return $"{column} IN ({string.Join(", ", names)})";
    }
}
