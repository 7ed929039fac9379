using System.Data.Common;
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
/// snapshot row as SnapshotRepository.GetAsync selects it, then each ListScores page's own keyset SELECT
/// (ScorePageQuery, the text the repository sends). <see cref="ReadAsync"/>: the snapshot row and the whole score
/// set as ScoreRepository.ReadSnapshotScoresAsync reconstructs it (what the cold path read for every page before).
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

    // Same text as ScoreRepository.ReadSnapshotScoresAsync builds from Columns, LatestJoin and SeqOfSnapshot.
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

    /// <summary>Reads the snapshot row, then every page of <paramref name="pageSize"/> scores by its keyset SELECT; returns the score rows read.</summary>
    public static async Task<int> ReadPagesAsync(string connectionString, ReadWorld world, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var seq = await ReadSnapshotAsync(connection, world, cancellationToken);
        var count = 0;
        ScoreCursor? after = null;
        do
        {
            var (read, last) = await ReadPageAsync(connection, world, seq, after, pageSize, cancellationToken);
            count += read;
            after = last;
        }
        while (after is not null);
        return count;
    }

    /// <summary>One page's SELECT (limit + 1 rows, as the repository asks); the cursor of the next page, or null after the last.</summary>
    public static async Task<(int Rows, ScoreCursor? Next)> ReadPageAsync(DbConnection connection, ReadWorld world, int seq, ScoreCursor? after, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        var (sql, parameters) = ScorePageQuery.Build(PostgresDialect.Instance, world.UserId, world.SnapshotId, new ScoreSetPosition(world.Region, seq), new ScoreQuery(), after, pageSize + 1L);
        await using var rows = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var (level, title, type, difficulty, chart) = (rows.GetOrdinal("levelx10"), rows.GetOrdinal("title"), rows.GetOrdinal("charttype"),
            rows.GetOrdinal("difficulty"), rows.GetOrdinal("chartid"));
        var count = 0;
        ScoreCursor? last = null;
        while (await rows.ReadAsync(cancellationToken))
        {
            if (count == pageSize)
            {
                return (count, last);
            }

            ReadRow(rows);
            last = new ScoreCursor(rows.GetInt32(level), rows.GetString(title), (ChartType)rows.GetInt16(type), (Difficulty)rows.GetInt16(difficulty), rows.GetInt32(chart));
            count++;
        }

        return (count, null);
    }

    /// <summary>PostgreSQL's plan of page <paramref name="index"/> (from 0) with EXPLAIN (ANALYZE, BUFFERS), for the console.</summary>
    public static async Task<string> ExplainPageAsync(ReadWorld world, int index, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var seq = await ReadSnapshotAsync(connection, world, cancellationToken);
        ScoreCursor? cursor = null;
        for (var i = 0; i < index; i++)
        {
            cursor = (await ReadPageAsync(connection, world, seq, cursor, pageSize, cancellationToken)).Next;
        }

        var (sql, parameters) = ScorePageQuery.Build(PostgresDialect.Instance, world.UserId, world.SnapshotId, new ScoreSetPosition(world.Region, seq), new ScoreQuery(), cursor, pageSize + 1L);
        var plan = await connection.QueryAsync<string>(new CommandDefinition("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters, cancellationToken: cancellationToken));
        return $"Plan of page {index + 1}:\n" + string.Join('\n', plan);
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
