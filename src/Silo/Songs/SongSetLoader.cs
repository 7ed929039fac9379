using Dapper;
using Maimai.Core.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;

namespace Maimai.Silo.Songs;

/// <summary>Reads the songs and charts tables, with the songs revision they are at, into a <see cref="SongSet"/>.</summary>
public sealed class SongSetLoader(Database database)
{
    public async Task<SongSet> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // The revision first: a change committed between the reads then shows as a newer revision, and loads again.
        var revision = await SongsRevision.ReadAsync(connection, cancellationToken);
        var songs = await connection.QueryAsync<SongRow>(new CommandDefinition(SongRow.SelectAll, cancellationToken: cancellationToken));
        var charts = await connection.QueryAsync<ChartRow>(new CommandDefinition(ChartRow.SelectAll, cancellationToken: cancellationToken));
        var bySong = charts.GroupBy(c => c.SongId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<LibraryChart>)[.. g.Select(c => c.ToLibraryChart()).OrderBy(c => c.Type).ThenBy(c => c.Difficulty)]);
        return new SongSet(new SongLibrary(songs.Select(s => s.ToLibrarySong(bySong.GetValueOrDefault(s.Id) ?? [])), now), revision);
    }

    public async Task<long> ReadRevisionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SongsRevision.ReadAsync(connection, cancellationToken);
    }
}
