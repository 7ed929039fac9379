using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Identity;
using Maimai.Scraping.Pages;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>
/// One fetch's chart resolution: DX NET rows to chart ids through the shared <see cref="ChartDirectory"/>, adding a
/// discovered song or chart for every row it cannot match, so no score is ever dropped. Discovered entries are
/// keyed by title and genre, so the next fetch finds them again. They are created (through
/// <see cref="SongRepository"/>) inside the fetch's transaction and kept here, never in the shared directory: other fetches see them only once the songs database is loaded
/// again after this fetch commits, and a failed fetch leaves none behind.
/// </summary>
internal sealed class ChartDiscovery(ChartDirectory directory, SongRepository songs)
{
    private const string DiscoveredImage = "";

    private readonly Dictionary<int, ChartInfo> _added = [];
    private readonly Dictionary<(string SongKey, ChartType Type, Difficulty Difficulty), int> _idByKey = [];
    private readonly Dictionary<string, int> _songIdByKey = new(StringComparer.Ordinal);

    /// <summary>How many discovered songs and charts this fetch inserted (not those another fetch committed first).</summary>
    public int Inserted { get; private set; }

    /// <summary>How many discovered charts this fetch inserted.</summary>
    public int ChartsInserted { get; private set; }

    public ChartInfo? Find(int chartId) => directory.Find(chartId) ?? _added.GetValueOrDefault(chartId);

    /// <summary>The chart a score list row is about, adding a discovered one when the database has none.</summary>
    public Task<int> ResolveAsync(StorageTransaction transaction, ScoreListRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return ResolveAsync(transaction, directory.Resolve(row), row.Level, row.MaxDxScore, cancellationToken);
    }

    /// <summary>
    /// The chart a recent play is about: the songs database's, else the chart the same fetch's score list row of that
    /// title, type and difficulty resolved to, else a discovered one.
    /// </summary>
    public async Task<int> ResolveAsync(StorageTransaction transaction, RecordEntry entry, int? fromScoreList, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var match = directory.Resolve(entry);
        if (directory.TryGetKnown(match, out var id))
        {
            return id;
        }

        return fromScoreList ?? await ResolveAsync(transaction, match, entry.Level, entry.MaxDxScore, cancellationToken);
    }

    /// <summary>A row that must not share the chart another row of the fetch resolved to: its own discovered chart.</summary>
    public Task<int> ResolveDiscoveredAsync(StorageTransaction transaction, ScoreListRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return ResolveAsync(transaction, new DiscoveredChart(new ScrapedChart(row.Heading, row.Title, row.Type, row.Difficulty), "another row resolved to the same chart"),
            row.Level, row.MaxDxScore, cancellationToken);
    }

    private async Task<int> ResolveAsync(StorageTransaction transaction, ChartMatch match, Level level, int? maxDxScore, CancellationToken cancellationToken)
    {
        if (directory.TryGetKnown(match, out var id))
        {
            return id;
        }

        var scraped = match.Scraped;
        var genre = GenreNames.ToCatalogGenre(scraped.Genre ?? "");
        var songKey = "discovered" + SongKeys.For(scraped.Title, genre);
        var key = (songKey, scraped.Type, scraped.Difficulty);
        if (directory.TryGetChartId(songKey, scraped.Type, scraped.Difficulty, out id) || _idByKey.TryGetValue(key, out id))
        {
            return id;
        }

        var songId = await SongIdAsync(transaction, songKey, scraped, genre, cancellationToken);

        // Every note is worth at most 3 DX score, so the page's "dx / max" gives the note count the songs database lacks.
        int? notes = maxDxScore is > 0 and var max && max % 3 == 0 ? max / 3 : null;

        // Another fetch may add the same chart concurrently: the repository finds its row then, inserting nothing.
        (id, var inserted) = await songs.AddDiscoveredChartAsync(transaction, songId, scraped.Type, scraped.Difficulty, level, notes, cancellationToken);
        if (inserted)
        {
            Inserted++;
            ChartsInserted++;
        }

        _idByKey[key] = id;
        _added[id] = new ChartInfo(id, songKey, scraped.Title, genre, scraped.Type, scraped.Difficulty, level, null, 0);
        return id;
    }

    private async Task<int> SongIdAsync(StorageTransaction transaction, string songKey, ScrapedChart scraped, string genre, CancellationToken cancellationToken)
    {
        if (directory.TryGetSongId(songKey, out var songId) || _songIdByKey.TryGetValue(songKey, out songId))
        {
            return songId;
        }

        (songId, var inserted) = await songs.AddDiscoveredSongAsync(transaction, songKey, scraped.Title, genre, scraped.ImageFile ?? DiscoveredImage, cancellationToken);
        if (inserted)
        {
            Inserted++;
        }

        _songIdByKey[songKey] = songId;
        return songId;
    }
}
