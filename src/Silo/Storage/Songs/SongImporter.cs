using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;

namespace Maimai.Silo.Storage.Songs;

/// <summary>What an import changed; all zero when the database already matched the file.</summary>
public sealed record SongImportResult(int SongsAdded, int SongsUpdated, int ChartsAdded, int ChartsUpdated)
{
    public int Changes => SongsAdded + SongsUpdated + ChartsAdded + ChartsUpdated;
}

/// <summary>
/// Upserts a song list into songs and charts, in one transaction. The jp list owns the base columns; the intl
/// list owns the international ones (flag, date added, version, level overrides) and adds songs and charts that
/// only it has. Rows are written only where something differs, so a second run changes nothing (and leaves the
/// songs revision, so no node reloads its songs).
/// </summary>
public sealed class SongImporter(Database database)
{
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
            await SongsRevision.BumpAsync(transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
