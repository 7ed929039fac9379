using System.Data.Common;
using System.Globalization;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Npgsql;

namespace Maimai.Benchmarks.Api;

/// <summary>
/// The floors: the statements a read runs for the same rows, bare over Npgsql (no mapping, no transport), every
/// column read, so the rows cross the wire and the reader as they do for the API. <see cref="ReadPagesAsync"/>: the
/// snapshot row as SnapshotRepository.GetAsync selects it, then each page's rows read bare from an index in
/// ListScores order: a table made once by <see cref="PrepareAsync"/> holding the snapshot's listing (every column a
/// page shows) with one covering index in that order, so a page is an index-only range scan of page-size entries,
/// the least a page can cost. <see cref="ReadAsync"/>: the snapshot row and the whole score set as
/// ScoreRepository.ReadSnapshotScoresAsync reconstructed it before it read the superseded_seq range (what the cold
/// path read for every page before 0013): the baseline the cold path is measured against.
/// </summary>
public static class SnapshotFloor
{
    // Same text as SnapshotRepository's Columns and GetAsync (kept in step by hand; the repository's are private).
    private const string SnapshotSql = """
        SELECT id AS Id, user_id AS UserId, region AS Region, seq AS Seq, taken_at AS TakenAt, fetch_id AS FetchId,
        player_name AS PlayerName, title AS Title, trophy_color AS TrophyColor, icon AS Icon, site_rating AS SiteRating,
        computed_rating AS ComputedRating, rating_color AS RatingColor, class_rank AS ClassRank, course_rank AS CourseRank,
        stars AS Stars, play_count_version AS PlayCountVersion, play_count_total AS PlayCountTotal, lamp_counts AS LampCounts
        FROM user_snapshots WHERE id = @Id AND user_id = @UserId AND region = @Region
        """;

    // The text ScoreRepository.ReadSnapshotScoresAsync built from Columns, LatestJoin and SeqOfSnapshot until 4fd4ce4.
    private const string ScoresSql = """
        SELECT s.chart_id AS ChartId, s.achievement AS Achievement, s.dx_score AS DxScore, s.combo_lamp AS ComboLamp,
        s.sync_lamp AS SyncLamp, s.play_count AS PlayCount, s.last_played_at AS LastPlayedAt,
        s.snapshot_id AS SnapshotId, s.snapshot_seq AS SnapshotSeq
        FROM user_scores s
        JOIN (SELECT chart_id, MAX(snapshot_seq) AS seq FROM user_scores
              WHERE user_id = @UserId AND region = @Region
                AND snapshot_seq <= (SELECT seq FROM user_snapshots WHERE id = @SnapshotId AND user_id = @UserId AND region = @Region)
              GROUP BY chart_id) latest
          ON latest.chart_id = s.chart_id AND latest.seq = s.snapshot_seq
        WHERE s.user_id = @UserId AND s.region = @Region ORDER BY s.chart_id
        """;

    // The snapshot's listing, materialised for the floor only (the bench's own table in its throwaway database).
    private const string PrepareSql = """
        DROP TABLE IF EXISTS bench_listing_floor;
        CREATE TABLE bench_listing_floor AS
        SELECT DISTINCT ON (s.chart_id) s.chart_id, g.id AS song_id, g.title COLLATE "C" AS title, g.artist, g.genre, c.chart_type,
               c.difficulty, -(/*level*/) AS sort_level, /*internal*/ AS internal_level_x10, c.notes_total, s.achievement, s.dx_score,
               s.combo_lamp, s.sync_lamp, s.play_count, s.last_played_at
        FROM user_scores s JOIN charts c ON c.id = s.chart_id JOIN songs g ON g.id = c.song_id
        WHERE s.user_id = @UserId AND s.region = @Region AND s.snapshot_seq <= @Seq
        ORDER BY s.chart_id, s.snapshot_seq DESC;
        CREATE INDEX bench_listing_floor_order ON bench_listing_floor (sort_level, title, chart_type, difficulty, chart_id)
            INCLUDE (song_id, artist, genre, internal_level_x10, notes_total, achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at);
        """;

    private const string FloorPageSql = """
        SELECT chart_id, song_id, title, artist, genre, chart_type, difficulty, sort_level, internal_level_x10, notes_total,
               achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at
        FROM bench_listing_floor
        WHERE (sort_level, title, chart_type, difficulty, chart_id) > (@AfterSortLevel, @AfterTitle, @AfterType, @AfterDifficulty, @AfterChartId)
        ORDER BY sort_level, title, chart_type, difficulty, chart_id
        LIMIT @Rows
        """;

    // The cold page's SELECT before migration 0017 (ScorePageQuery as it was, PostgreSQL): the snapshot's whole set
    // re-derived (DISTINCT ON over user_scores_latest), joined with charts and songs, then cut and sorted. Kept here
    // only to show its plan beside the new one on the same data.
    private const string PageBeforeSql = """
        WITH listed AS (
            SELECT s.chart_id AS ChartId, g.id AS SongId, g.title AS Title, g.artist AS Artist, g.genre AS Genre,
                   c.chart_type AS ChartType, c.difficulty AS Difficulty, /*level*/ AS LevelX10, /*internal*/ AS InternalLevelX10,
                   c.notes_total AS NotesTotal, s.achievement AS Achievement, s.dx_score AS DxScore,
                   s.combo_lamp AS ComboLamp, s.sync_lamp AS SyncLamp, s.play_count AS PlayCount, s.last_played_at AS LastPlayedAt
            FROM (SELECT DISTINCT ON (chart_id) chart_id, achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at
                  FROM user_scores WHERE user_id = @UserId AND region = @Region AND snapshot_seq <= @Seq
                  ORDER BY chart_id, snapshot_seq DESC) s
            JOIN charts c ON c.id = s.chart_id
            JOIN songs g ON g.id = c.song_id)
        SELECT * FROM listed
        WHERE EXISTS (SELECT 1 FROM user_snapshots WHERE id = @SnapshotId AND user_id = @UserId AND region = @Region AND seq = @Seq)
          AND (LevelX10 < @AfterLevel OR (LevelX10 = @AfterLevel AND (Title COLLATE "C" > @AfterTitle OR (Title COLLATE "C" = @AfterTitle AND (
               ChartType > @AfterType OR (ChartType = @AfterType AND (Difficulty > @AfterDifficulty OR (Difficulty = @AfterDifficulty AND ChartId > @AfterChartId))))))))
        ORDER BY LevelX10 DESC, Title COLLATE "C", ChartType, Difficulty, ChartId
        LIMIT @Rows
        """;

    // The key columns (sort level, title, chart type, difficulty, chart id) as each SELECT names them.
    private static readonly string[] FloorKey = ["sort_level", "title", "chart_type", "difficulty", "chart_id"];
    private static readonly string[] ProductKey = ["sortlevel", "title", "charttype", "difficulty", "chartid"];

    // Before the first row: a cursor above every level.
    private static readonly ScoreCursor Start = new(int.MaxValue, "", ChartType.Std, Difficulty.Basic, 0);

    /// <summary>Makes the floor's listing table for the world's snapshot (then VACUUM ANALYZE, as for the product's tables).</summary>
    public static async Task PrepareAsync(ReadWorld world, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var seq = await ReadSnapshotAsync(connection, world, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Levels(PrepareSql, world.Region),
            new { world.UserId, Region = (int)world.Region, Seq = seq }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("VACUUM ANALYZE bench_listing_floor", cancellationToken: cancellationToken));
    }

    /// <summary>Reads the snapshot row, then every page of <paramref name="pageSize"/> scores from the floor's index; returns the score rows read.</summary>
    public static async Task<int> ReadPagesAsync(string connectionString, ReadWorld world, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ReadSnapshotAsync(connection, world, cancellationToken);
        var count = 0;
        ScoreCursor? after = null;
        do
        {
            var (read, last) = await ReadPageAsync(connection, after, pageSize, cancellationToken);
            count += read;
            after = last;
        }
        while (after is not null);
        return count;
    }

    /// <summary>One page's rows bare from the floor's index (limit + 1 rows, as the repository asks); the cursor of the next page, or null after the last.</summary>
    public static Task<(int Rows, ScoreCursor? Next)> ReadPageAsync(NpgsqlConnection connection, ScoreCursor? after, int pageSize, CancellationToken cancellationToken) =>
        ReadCutAsync(connection, FloorPageSql, FloorParameters(after, pageSize), pageSize, FloorKey, cancellationToken);

    /// <summary>The product's own page SELECT (ScorePageQuery, as ScoreRepository.ListPageAsync sends it), bare.</summary>
    public static Task<(int Rows, ScoreCursor? Next)> ReadProductPageAsync(NpgsqlConnection connection, ReadWorld world, int seq, ScoreCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        var (sql, parameters) = ScorePageQuery.Build(world.UserId, world.SnapshotId, new ScoreSetPosition(world.Region, seq), new ScoreQuery(), after, pageSize + 1L);
        return ReadCutAsync(connection, sql, parameters, pageSize, ProductKey, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL's plans (EXPLAIN (ANALYZE, BUFFERS)) of the page after <paramref name="skip"/> rows: the cold page's
    /// SELECT before migration 0017, after it, and the floor's.
    /// </summary>
    public static async Task<(string Before, string After, string Floor)> ExplainPageAsync(ReadWorld world, int skip, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var seq = await ReadSnapshotAsync(connection, world, cancellationToken);
        var cursor = (await ReadPageAsync(connection, null, skip, cancellationToken)).Next!;
        var (sql, parameters) = ScorePageQuery.Build(world.UserId, world.SnapshotId, new ScoreSetPosition(world.Region, seq), new ScoreQuery(), cursor, pageSize + 1L);
        var before = new DynamicParameters(new
        {
            world.UserId, world.SnapshotId, Region = (int)world.Region, Seq = seq, Rows = pageSize + 1L, AfterLevel = cursor.LevelTenths,
            AfterTitle = cursor.Title, AfterType = (int)cursor.ChartType, AfterDifficulty = (int)cursor.Difficulty, AfterChartId = cursor.ChartId,
        });
        return (await ExplainAsync(connection, Levels(PageBeforeSql, world.Region), before, cancellationToken),
            await ExplainAsync(connection, sql, parameters, cancellationToken),
            await ExplainAsync(connection, FloorPageSql, FloorParameters(cursor, pageSize), cancellationToken));
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql, object parameters, CancellationToken cancellationToken) =>
        string.Join('\n', await connection.QueryAsync<string>(new CommandDefinition("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters, cancellationToken: cancellationToken)));

    private static DynamicParameters FloorParameters(ScoreCursor? after, int pageSize)
    {
        var cursor = after ?? Start;
        return new DynamicParameters(new
        {
            AfterSortLevel = -(long)cursor.LevelTenths, AfterTitle = cursor.Title, AfterType = (short)cursor.ChartType,
            AfterDifficulty = (short)cursor.Difficulty, AfterChartId = cursor.ChartId, Rows = pageSize + 1L,
        });
    }

    // The levels the region shows (LibraryChart.LevelIn and InternalLevelIn).
    private static string Levels(string sql, Region region) => region == Region.Intl
        ? sql.Replace("/*level*/", "COALESCE(c.intl_level_x10, c.level_x10)", StringComparison.Ordinal)
            .Replace("/*internal*/", "COALESCE(c.intl_internal_level_x10, c.internal_level_x10)", StringComparison.Ordinal)
        : sql.Replace("/*level*/", "c.level_x10", StringComparison.Ordinal).Replace("/*internal*/", "c.internal_level_x10", StringComparison.Ordinal);

    private static async Task<(int Rows, ScoreCursor? Next)> ReadCutAsync(NpgsqlConnection connection, string sql, object parameters, int pageSize, string[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var rows = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var (level, title, type, difficulty, chart) = (rows.GetOrdinal(key[0]), rows.GetOrdinal(key[1]), rows.GetOrdinal(key[2]), rows.GetOrdinal(key[3]), rows.GetOrdinal(key[4]));
        var count = 0;
        ScoreCursor? last = null;
        while (await rows.ReadAsync(cancellationToken))
        {
            if (count == pageSize)
            {
                return (count, last);
            }

            ReadRow(rows);
            last = new ScoreCursor(-rows.GetInt32(level), rows.GetString(title), (ChartType)Convert.ToInt32(rows.GetValue(type), CultureInfo.InvariantCulture),
                (Difficulty)Convert.ToInt32(rows.GetValue(difficulty), CultureInfo.InvariantCulture), rows.GetInt32(chart));
            count++;
        }

        return (count, null);
    }

    /// <summary>Reads the snapshot row and its score rows; returns the score rows read.</summary>
    public static async Task<int> ReadAsync(string connectionString, ReadWorld world, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ReadSnapshotAsync(connection, world, cancellationToken);
        await using var scores = new NpgsqlCommand(ScoresSql, connection);
        scores.Parameters.AddWithValue("UserId", world.UserId);
        scores.Parameters.AddWithValue("Region", (int)world.Region);
        scores.Parameters.AddWithValue("SnapshotId", world.SnapshotId);
        await using var rows = await scores.ExecuteReaderAsync(cancellationToken);
        var count = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            ReadRow(rows);
            count++;
        }

        return count;
    }

    /// <summary>Reads the snapshot row as SnapshotRepository.GetAsync selects it; returns its seq (the page query's bound).</summary>
    public static async Task<int> ReadSnapshotAsync(NpgsqlConnection connection, ReadWorld world, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(world);
        await using var snapshot = new NpgsqlCommand(SnapshotSql, connection);
        snapshot.Parameters.AddWithValue("Id", world.SnapshotId);
        snapshot.Parameters.AddWithValue("UserId", world.UserId);
        snapshot.Parameters.AddWithValue("Region", (int)world.Region);
        await using var reader = await snapshot.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The floor found no snapshot row.");
        }

        ReadRow(reader);
        return reader.GetInt32(reader.GetOrdinal("seq"));
    }

    // Materialises every column as its CLR value, as a mapper would, without building objects.
    private static void ReadRow(DbDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _ = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
    }
}
