using Dapper;
using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Fetches;

/// <summary>A play whose playlogDetail page is still to read (pending_play_details).</summary>
public sealed record QueuedPlay(long PlayedAt, int Track, string PlaylogIdx, long ShownAt, string Title, ChartType ChartType, Difficulty Difficulty);

/// <summary>A chart whose musicDetail page is still to read (pending_chart_details).</summary>
public sealed record QueuedChart(int ChartId, string MusicIdx, ChartType ChartType, Difficulty Difficulty);

/// <summary>
/// The detail phase's work for one user and region, kept in the database so whichever silo runs the next fetch
/// picks it up. Rows are added with the snapshot and removed in the transaction that stores their page, so a page
/// is read again only if its silo died between the request and that commit. A newer fetch's record re-keys the
/// queued plays (positions move); its changed charts join the queue once each (one row per chart, one request per
/// song page).
/// </summary>
public sealed class DetailQueueRepository(Database database)
{
    // Rows per multi-row INSERT: 7 parameters a row stays far below SQLite's 32,766 and PostgreSQL's 65,535.
    private const int RowsPerStatement = 500;

    /// <summary>
    /// Adds the snapshot's detail work inside its transaction. <paramref name="recordKeys"/>: every play the record
    /// showed with its current idx, or null when the record was not read; queued plays the record no longer shows
    /// left the site's last 50 and can never be read: they are dropped and returned, so their plays stop pending.
    /// </summary>
    public async Task<IReadOnlyList<(long PlayedAt, int Track)>> QueueAsync(StorageTransaction transaction, long userId, Region region, long fetchId,
        IReadOnlyList<QueuedPlay> plays, IReadOnlyList<QueuedChart> charts, IReadOnlyDictionary<(long PlayedAt, int Track), string>? recordKeys,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(charts);
        var (connection, tx) = (transaction.Connection, transaction.Transaction);
        var gone = new List<(long PlayedAt, int Track)>();
        if (recordKeys is not null)
        {
            foreach (var old in await ListPlaysAsync(connection, tx, userId, region, cancellationToken))
            {
                if (recordKeys.TryGetValue((old.PlayedAt, old.Track), out var idx))
                {
                    await connection.ExecuteAsync(new CommandDefinition("""
                        UPDATE pending_play_details SET playlog_idx = @Idx
                        WHERE user_id = @UserId AND region = @Region AND played_at = @PlayedAt AND track = @Track
                        """, new { UserId = userId, Region = (int)region, old.PlayedAt, old.Track, Idx = idx }, tx, cancellationToken: cancellationToken));
                }
                else
                {
                    gone.Add((old.PlayedAt, old.Track));
                    await connection.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM pending_play_details WHERE user_id = @UserId AND region = @Region AND played_at = @PlayedAt AND track = @Track",
                        new { UserId = userId, Region = (int)region, old.PlayedAt, old.Track }, tx, cancellationToken: cancellationToken));
                }
            }
        }

        // One statement per batch, not per row: a first fetch queues a chart for every played chart (1,518 on a
        // real-sized account), and a round trip each was most of the snapshot's transaction. Within one statement a
        // key may appear once (PostgreSQL refuses to update a row twice), so repeats merge as row-by-row upserts would:
        // the first row's fields with the last row's idx.
        var playRows = Merge(plays, p => (p.PlayedAt, p.Track), (first, last) => first with { PlaylogIdx = last.PlaylogIdx });
        foreach (var batch in playRows.Chunk(RowsPerStatement))
        {
            var parameters = new DynamicParameters(new { UserId = userId, Region = (int)region, FetchId = fetchId });
            var values = new List<string>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                var p = batch[i];
                values.Add($"(@UserId, @Region, @PlayedAt{i}, @Track{i}, @PlaylogIdx{i}, @ShownAt{i}, @Title{i}, @ChartType{i}, @Difficulty{i}, @FetchId)");
                parameters.Add($"PlayedAt{i}", p.PlayedAt);
                parameters.Add($"Track{i}", p.Track);
                parameters.Add($"PlaylogIdx{i}", p.PlaylogIdx);
                parameters.Add($"ShownAt{i}", p.ShownAt);
                parameters.Add($"Title{i}", p.Title);
                parameters.Add($"ChartType{i}", (int)p.ChartType);
                parameters.Add($"Difficulty{i}", (int)p.Difficulty);
            }

            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO pending_play_details (user_id, region, played_at, track, playlog_idx, shown_at, title, chart_type, difficulty, queued_by)
                VALUES {string.Join(", ", values)}
                ON CONFLICT (user_id, region, played_at, track) DO UPDATE SET playlog_idx = excluded.playlog_idx
                """, parameters, tx, cancellationToken: cancellationToken));
        }

        // Already queued by an older fetch: the one page read serves both changes (it shows the chart as it is now).
        var chartRows = Merge(charts, c => c.ChartId, (first, last) => first with { MusicIdx = last.MusicIdx });
        foreach (var batch in chartRows.Chunk(RowsPerStatement))
        {
            var parameters = new DynamicParameters(new { UserId = userId, Region = (int)region, FetchId = fetchId });
            var values = new List<string>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                var c = batch[i];
                values.Add($"(@UserId, @Region, @ChartId{i}, @MusicIdx{i}, @ChartType{i}, @Difficulty{i}, @FetchId)");
                parameters.Add($"ChartId{i}", c.ChartId);
                parameters.Add($"MusicIdx{i}", c.MusicIdx);
                parameters.Add($"ChartType{i}", (int)c.ChartType);
                parameters.Add($"Difficulty{i}", (int)c.Difficulty);
            }

            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO pending_chart_details (user_id, region, chart_id, music_idx, chart_type, difficulty, queued_by)
                VALUES {string.Join(", ", values)}
                ON CONFLICT (user_id, region, chart_id) DO UPDATE SET music_idx = excluded.music_idx
                """, parameters, tx, cancellationToken: cancellationToken));
        }

        return gone;
    }

    /// <summary>What is left to read: plays newest first, then charts grouped by song page.</summary>
    public async Task<(IReadOnlyList<QueuedPlay> Plays, IReadOnlyList<QueuedChart> Charts)> ListAsync(long userId, Region region, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var plays = await ListPlaysAsync(connection, null, userId, region, cancellationToken);
        var charts = await connection.QueryAsync<ChartRow>(new CommandDefinition("""
            SELECT chart_id AS ChartId, music_idx AS MusicIdx, chart_type AS ChartType, difficulty AS Difficulty
            FROM pending_chart_details WHERE user_id = @UserId AND region = @Region ORDER BY music_idx, chart_id
            """, new { UserId = userId, Region = (int)region }, cancellationToken: cancellationToken));
        return (plays, [.. charts.Select(c => new QueuedChart(c.ChartId, c.MusicIdx, (ChartType)c.ChartType, (Difficulty)c.Difficulty))]);
    }

    /// <summary>The play's page is stored (or kept as a warning): off the queue, in the same transaction.</summary>
    public async Task RemovePlayAsync(StorageTransaction transaction, long userId, Region region, long playedAt, int track, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await transaction.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM pending_play_details WHERE user_id = @UserId AND region = @Region AND played_at = @PlayedAt AND track = @Track",
            new { UserId = userId, Region = (int)region, PlayedAt = playedAt, Track = track }, transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The song page is stored: every chart queued on it leaves the queue, in the same transaction.</summary>
    public async Task RemoveSongPageAsync(StorageTransaction transaction, long userId, Region region, string musicIdx, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await transaction.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM pending_chart_details WHERE user_id = @UserId AND region = @Region AND music_idx = @MusicIdx",
            new { UserId = userId, Region = (int)region, MusicIdx = musicIdx }, transaction.Transaction, cancellationToken: cancellationToken));
    }

    private static async Task<IReadOnlyList<QueuedPlay>> ListPlaysAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx,
        long userId, Region region, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<PlayRow>(new CommandDefinition("""
            SELECT played_at AS PlayedAt, track AS Track, playlog_idx AS PlaylogIdx, shown_at AS ShownAt, title AS Title,
                chart_type AS ChartType, difficulty AS Difficulty
            FROM pending_play_details WHERE user_id = @UserId AND region = @Region ORDER BY played_at DESC, track DESC
            """, new { UserId = userId, Region = (int)region }, tx, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new QueuedPlay(r.PlayedAt, r.Track, r.PlaylogIdx, r.ShownAt, r.Title, (ChartType)r.ChartType, (Difficulty)r.Difficulty))];
    }

    private sealed class PlayRow
    {
        public long PlayedAt { get; set; }
        public int Track { get; set; }
        public string PlaylogIdx { get; set; } = "";
        public long ShownAt { get; set; }
        public string Title { get; set; } = "";
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
    }

    private sealed class ChartRow
    {
        public int ChartId { get; set; }
        public string MusicIdx { get; set; } = "";
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
    }

    // One row per key in first-seen order, repeats folded in as sequential upserts would fold them.
    private static List<T> Merge<T, TKey>(IReadOnlyList<T> rows, Func<T, TKey> key, Func<T, T, T> fold)
        where TKey : notnull
    {
        var merged = new List<T>(rows.Count);
        var at = new Dictionary<TKey, int>(rows.Count);
        foreach (var row in rows)
        {
            if (at.TryGetValue(key(row), out var index))
            {
                merged[index] = fold(merged[index], row);
            }
            else
            {
                at.Add(key(row), merged.Count);
                merged.Add(row);
            }
        }

        return merged;
    }
}
