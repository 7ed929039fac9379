using System.Text;
using Dapper;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// One ListScores page as a single SELECT: the snapshot's score set (per chart, the newest version at or before its
/// seq) joined with charts and songs, filtered, and cut at the keyset cursor in ListScores order (level descending,
/// then title, chart type, difficulty and chart id). The snapshot row scopes it by user and gives its region and seq,
/// so an id that is not the caller's yields no rows. Every value is a parameter.
/// </summary>
internal static class ScorePageQuery
{
    // The snapshot's row first: the region picks the displayed level and the seq bounds the versions.
    private const string From = """
        WITH snap AS (SELECT region, seq FROM user_snapshots WHERE id = @SnapshotId AND user_id = @UserId),
        latest AS (
            SELECT v.chart_id, MAX(v.snapshot_seq) AS seq
            FROM snap JOIN user_scores v ON v.user_id = @UserId AND v.region = snap.region AND v.snapshot_seq <= snap.seq
            GROUP BY v.chart_id),
        listed AS (
            SELECT s.chart_id AS ChartId, g.id AS SongId, g.title AS Title, g.artist AS Artist, g.genre AS Genre,
                   c.chart_type AS ChartType, c.difficulty AS Difficulty,
                   CASE WHEN snap.region = 1 THEN COALESCE(c.intl_level_x10, c.level_x10) ELSE c.level_x10 END AS LevelX10,
                   CASE WHEN snap.region = 1 THEN COALESCE(c.intl_internal_level_x10, c.internal_level_x10) ELSE c.internal_level_x10 END AS InternalLevelX10,
                   c.notes_total AS NotesTotal, s.achievement AS Achievement, s.dx_score AS DxScore,
                   s.combo_lamp AS ComboLamp, s.sync_lamp AS SyncLamp, s.play_count AS PlayCount, s.last_played_at AS LastPlayedAt
            FROM snap
            JOIN latest ON TRUE
            JOIN user_scores s ON s.user_id = @UserId AND s.region = snap.region AND s.chart_id = latest.chart_id AND s.snapshot_seq = latest.seq
            JOIN charts c ON c.id = s.chart_id
            JOIN songs g ON g.id = c.song_id)
        SELECT * FROM listed
        """;

    /// <summary>The SELECT for up to <paramref name="rows"/> rows after <paramref name="after"/>, with its parameters.</summary>
    public static (string Sql, DynamicParameters Parameters) Build(
        SqlDialect dialect, long userId, long snapshotId, ScoreQuery query, ScoreCursor? after, long rows)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(query);
        var title = "Title " + dialect.CodePointCollation;
        var where = new List<string>();
        var parameters = new DynamicParameters();
        parameters.Add("UserId", userId);
        parameters.Add("SnapshotId", snapshotId);
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

        var sql = new StringBuilder(From);
        if (where.Count > 0)
        {
            sql.Append("\nWHERE ").AppendJoin("\n  AND ", where);
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
