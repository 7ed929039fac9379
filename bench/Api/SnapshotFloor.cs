using Npgsql;

namespace Maimai.Benchmarks.Api;

/// <summary>
/// The floor: the two statements the API's read path runs for the same rows, bare over Npgsql (no Dapper, no
/// mapping, no transport): the snapshot row as SnapshotRepository.GetAsync selects it, and the snapshot's score set
/// as ScoreRepository.ReadSnapshotScoresAsync reconstructs it (per chart, the newest version at or before the
/// snapshot's seq). Every column is read, so the rows cross the wire and the reader as they do for the API.
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

    /// <summary>Reads the snapshot row and its score rows; returns the score rows read.</summary>
    public static async Task<int> ReadAsync(string connectionString, ReadWorld world, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var snapshot = new NpgsqlCommand(SnapshotSql, connection))
        {
            snapshot.Parameters.AddWithValue("Id", world.SnapshotId);
            snapshot.Parameters.AddWithValue("UserId", world.UserId);
            snapshot.Parameters.AddWithValue("Region", (int)world.Region);
            await using var reader = await snapshot.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The floor found no snapshot row.");
            }

            ReadRow(reader);
        }

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

    // Materialises every column as its CLR value, as a mapper would, without building objects.
    private static void ReadRow(NpgsqlDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _ = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
    }
}
