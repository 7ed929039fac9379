using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Storage.Songs;

/// <summary>What an import changed; all zero when the database already matched the file.</summary>
public sealed record SongImportResult(int SongsAdded, int SongsUpdated, int ChartsAdded, int ChartsUpdated)
{
    public int Changes => SongsAdded + SongsUpdated + ChartsAdded + ChartsUpdated;
}

/// <summary>
/// The songs database: songs, charts and songs_revision, a counter that every committed change to songs or charts
/// moves (migration 0003), so an in-memory copy in any process or on any node can tell it is stale with one
/// single-row read.
/// </summary>
public sealed class SongRepository(Database database)
{
    private const string ReadRevisionSql = "SELECT revision FROM songs_revision WHERE id = 1";

    /// <summary>Every song with its charts, and the songs revision they are at.</summary>
    public async Task<(SongLibrary Library, long Revision)> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // The revision first: a change committed between the reads then shows as a newer revision, and loads again.
        var revision = await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReadRevisionSql, cancellationToken: cancellationToken));
        var songs = await connection.QueryAsync<SongRow>(new CommandDefinition(SongRow.SelectAll, cancellationToken: cancellationToken));
        var charts = await connection.QueryAsync<ChartRow>(new CommandDefinition(ChartRow.SelectAll, cancellationToken: cancellationToken));
        var bySong = charts.GroupBy(c => c.SongId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<LibraryChart>)[.. g.Select(c => c.ToLibraryChart()).OrderBy(c => c.Type).ThenBy(c => c.Difficulty)]);
        return (new SongLibrary(songs.Select(s => s.ToLibrarySong(bySong.GetValueOrDefault(s.Id) ?? [])), now), revision);
    }

    /// <summary>The songs revision now.</summary>
    public async Task<long> ReadRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReadRevisionSql, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Moves the revision inside the writer's transaction: readers see it at commit, and a rollback undoes it. Call it
    /// as the last write before COMMIT, since it holds the counter's row lock until then.
    /// </summary>
    public Task BumpRevisionAsync(StorageTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE songs_revision SET revision = revision + 1 WHERE id = 1", transaction: transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Adds a discovered song (one a fetch met that the database lacks) inside the fetch's transaction, or finds the
    /// one another fetch added first: the unique key settles it. PostgreSQL makes the INSERT wait for that fetch's
    /// transaction; once it commits, nothing is inserted and the SELECT finds its row.
    /// </summary>
    public async Task<(int Id, bool Inserted)> AddDiscoveredSongAsync(
        StorageTransaction transaction, string songKey, string title, string genre, string imageFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var inserted = await transaction.Connection.ExecuteScalarAsync<int?>(new CommandDefinition("""
            INSERT INTO songs (song_key, title, artist, genre, version_code, image_file, discovered)
            VALUES (@Key, @Title, '', @Genre, 0, @Image, TRUE)
            ON CONFLICT (song_key) DO NOTHING
            RETURNING id
            """, new { Key = songKey, Title = title, Genre = genre, Image = imageFile }, transaction.Transaction, cancellationToken: cancellationToken));
        var id = inserted ?? await transaction.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT id FROM songs WHERE song_key = @Key", new { Key = songKey }, transaction.Transaction, cancellationToken: cancellationToken));
        return (id, inserted is not null);
    }

    /// <summary>Adds a discovered chart of a song inside the fetch's transaction, or finds the one another fetch added first.</summary>
    public async Task<(int Id, bool Inserted)> AddDiscoveredChartAsync(
        StorageTransaction transaction, int songId, ChartType type, Difficulty difficulty, Level level, int? notesTotal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var row = new { SongId = songId, Type = (int)type, Difficulty = (int)difficulty, Level = level.Tenths, Notes = notesTotal };
        var inserted = await transaction.Connection.ExecuteScalarAsync<int?>(new CommandDefinition("""
            INSERT INTO charts (song_id, chart_type, difficulty, level_x10, notes_total, discovered)
            VALUES (@SongId, @Type, @Difficulty, @Level, @Notes, TRUE)
            ON CONFLICT (song_id, chart_type, difficulty) DO NOTHING
            RETURNING id
            """, row, transaction.Transaction, cancellationToken: cancellationToken));
        var id = inserted ?? await transaction.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT id FROM charts WHERE song_id = @SongId AND chart_type = @Type AND difficulty = @Difficulty",
            row, transaction.Transaction, cancellationToken: cancellationToken));
        return (id, inserted is not null);
    }

    /// <summary>
    /// Upserts a song list into songs and charts, in one transaction. The jp list owns the base columns; the intl
    /// list owns the international ones (flag, date added, version, level overrides) and adds songs and charts that
    /// only it has. Rows are written only where something differs, so a second run changes nothing (and leaves the
    /// songs revision, so no node reloads its songs).
    /// </summary>
    public async Task<SongImportResult> ImportAsync(SongCatalog catalog, Region region, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        await using var transaction = await database.BeginAsync(cancellationToken);
        var connection = transaction.Connection;
        var songs = (await connection.QueryAsync<SongRow>(new CommandDefinition(
            SongRow.SelectAll, transaction: transaction.Transaction, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.SongKey, StringComparer.Ordinal);
        var charts = (await connection.QueryAsync<ChartRow>(new CommandDefinition(
            ChartRow.SelectAll, transaction: transaction.Transaction, cancellationToken: cancellationToken)))
            .ToDictionary(c => (c.SongId, c.ChartType, c.Difficulty));

        int songsAdded = 0, songsUpdated = 0, chartsAdded = 0, chartsUpdated = 0, done = 0;
        var intl = region == Region.Intl;
        foreach (var song in catalog)
        {
            var wanted = SongRow.From(song, intl);
            if (!songs.TryGetValue(song.Key, out var existing))
            {
                wanted.Id = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    $"INSERT INTO songs ({SongRow.Names}) VALUES ({SongRow.Parameters}) RETURNING id", wanted, transaction.Transaction, cancellationToken: cancellationToken));
                songs[song.Key] = wanted;
                existing = wanted;
                songsAdded++;
            }
            else if (wanted.MergeInto(existing, intl))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE songs SET {SongRow.Assignments} WHERE id = @Id", existing, transaction.Transaction, cancellationToken: cancellationToken));
                songsUpdated++;
            }

            foreach (var chart in song.Charts)
            {
                var wantedChart = ChartRow.From(existing.Id, chart, intl);
                if (!charts.TryGetValue((existing.Id, wantedChart.ChartType, wantedChart.Difficulty), out var existingChart))
                {
                    wantedChart.Id = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                        $"INSERT INTO charts ({ChartRow.Names}) VALUES ({ChartRow.Parameters}) RETURNING id", wantedChart, transaction.Transaction, cancellationToken: cancellationToken));
                    charts[(existing.Id, wantedChart.ChartType, wantedChart.Difficulty)] = wantedChart;
                    chartsAdded++;
                }
                else if (wantedChart.MergeInto(existingChart, intl))
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"UPDATE charts SET {ChartRow.Assignments} WHERE id = @Id", existingChart, transaction.Transaction, cancellationToken: cancellationToken));
                    chartsUpdated++;
                }
            }

            progress?.Report(++done);
        }

        var result = new SongImportResult(songsAdded, songsUpdated, chartsAdded, chartsUpdated);
        if (result.Changes > 0)
        {
            // Running nodes see the import through the revision: the CLI runs in a process of its own.
            await BumpRevisionAsync(transaction, cancellationToken);
            await ScoreListingKeys.SongsImportedAsync(transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
