using System.Text;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// One ListScores page as a single SELECT: the snapshot's score set (per chart, the newest version at or before its
/// seq; <see cref="SqlDialect.LatestScoreVersionsSql"/>) joined with charts and songs, filtered, and cut at the keyset
/// cursor in ListScores order (level descending, then title by code point, chart type, difficulty and chart id).
/// The snapshot's region and seq are parameters (from its row, or from the sealed cursor of the page before), so the
/// planner sees real values and the level bound of the cursor reaches the charts scan; one EXISTS on the snapshot's
/// row keeps the page the user's. Every value is a parameter.
/// </summary>
internal static class ScorePageQuery
{
    private const string Listed = """
        WITH listed AS (
            SELECT s.chart_id AS ChartId, g.id AS SongId, g.title AS Title, g.artist AS Artist, g.genre AS Genre,
                   c.chart_type AS ChartType, c.difficulty AS Difficulty, /*level*/ AS LevelX10, /*internal*/ AS InternalLevelX10,
                   c.notes_total AS NotesTotal, s.achievement AS Achievement, s.dx_score AS DxScore,
                   s.combo_lamp AS ComboLamp, s.sync_lamp AS SyncLamp, s.play_count AS PlayCount, s.last_played_at AS LastPlayedAt,
                   s.site_level_x10 AS SiteLevelX10
            FROM (/*latest*/) s
            JOIN charts c ON c.id = s.chart_id
            JOIN songs g ON g.id = c.song_id)
        SELECT * FROM listed
        WHERE EXISTS (SELECT 1 FROM user_snapshots WHERE id = @SnapshotId AND user_id = @UserId AND region = @Region AND seq = @Seq)
        """;

    /// <summary>The SELECT for up to <paramref name="rows"/> rows after <paramref name="after"/>, with its parameters.</summary>
    public static (string Sql, DynamicParameters Parameters) Build(
        SqlDialect dialect, long userId, long snapshotId, ScoreSetPosition set, ScoreQuery query, ScoreCursor? after, long rows)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(query);
        var (region, seq) = (set.Region, set.Seq);
        var title = "Title " + dialect.CodePointCollation;
        var where = new List<string>();
        var parameters = new DynamicParameters();
        parameters.Add("UserId", userId);
        parameters.Add("SnapshotId", snapshotId);
        parameters.Add("Region", (int)region);
        parameters.Add("Seq", seq);
        parameters.Add("Rows", rows);
        if (query.Difficulties.Count > 0)
        {
            where.Add(In("Difficulty", query.Difficulties.Select(d => (int)d), parameters));
        }

        if (query.ChartType is { } type)
        {
            where.Add("ChartType = @ChartType");
            parameters.Add("ChartType", (int)type);
        }

        if (query.MinLevel is { } min)
        {
            where.Add("LevelX10 >= @MinLevel");
            parameters.Add("MinLevel", min.Tenths);
        }

        if (query.MaxLevel is { } max)
        {
            where.Add("LevelX10 <= @MaxLevel");
            parameters.Add("MaxLevel", max.Tenths);
        }

        if (query.ComboLamps.Count > 0)
        {
            where.Add(In("ComboLamp", query.ComboLamps.Select(l => (int)l), parameters));
        }

        if (query.SyncLamps.Count > 0)
        {
            where.Add(In("SyncLamp", query.SyncLamps.Select(l => (int)l), parameters));
        }

        if (after is not null)
        {
            // Strictly after the cursor in the listing order; the cursor's own row need not exist any more.
            where.Add($"""
                (LevelX10 < @AfterLevel OR (LevelX10 = @AfterLevel AND ({title} > @AfterTitle OR ({title} = @AfterTitle AND (
                 ChartType > @AfterType OR (ChartType = @AfterType AND (Difficulty > @AfterDifficulty OR (Difficulty = @AfterDifficulty AND ChartId > @AfterChartId))))))))
                """);
            parameters.Add("AfterLevel", after.LevelTenths);
            parameters.Add("AfterTitle", after.Title);
            parameters.Add("AfterType", (int)after.ChartType);
            parameters.Add("AfterDifficulty", (int)after.Difficulty);
            parameters.Add("AfterChartId", after.ChartId);
        }

        // The levels the region shows (LibraryChart.LevelIn and InternalLevelIn).
        var intl = region == Region.Intl;
        var sql = new StringBuilder(Listed
            .Replace("/*latest*/", dialect.LatestScoreVersionsSql, StringComparison.Ordinal)
            .Replace("/*level*/", intl ? "COALESCE(c.intl_level_x10, c.level_x10)" : "c.level_x10", StringComparison.Ordinal)
            .Replace("/*internal*/", intl ? "COALESCE(c.intl_internal_level_x10, c.internal_level_x10)" : "c.internal_level_x10", StringComparison.Ordinal));
        if (where.Count > 0)
        {
            sql.Append("\n  AND ").AppendJoin("\n  AND ", where);
        }

        sql.Append($"\nORDER BY LevelX10 DESC, {title}, ChartType, Difficulty, ChartId\nLIMIT @Rows");
        return (sql.ToString(), parameters);
    }

    // One parameter per value, written out: Dapper passes a list to Npgsql as one array parameter, which IN cannot take.
    private static string In(string column, IEnumerable<int> values, DynamicParameters parameters)
    {
        var names = new List<string>();
        foreach (var value in values.Order())
        {
            var name = column + names.Count;
            parameters.Add(name, value);
            names.Add("@" + name);
        }

        return $"{column} IN ({string.Join(", ", names)})";
    }
}
