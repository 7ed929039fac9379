using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Identity;
using Maimai.Scraping.Pages;

namespace Maimai.Silo.Songs;

/// <summary>One chart of the songs database as a fetch needs it: identity, levels for the region, version.</summary>
internal sealed record ChartInfo(
    int ChartId,
    string SongKey,
    string Title,
    string Genre,
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel,
    int VersionCode);

/// <summary>
/// The songs database as one region's fetches see it: charts by id and by song key, and the
/// <see cref="ChartResolver"/> that matches DX NET rows to them. Immutable and built once per load of the songs
/// database (<see cref="SongSet"/>), so every fetch shares it; a fetch keeps its own discoveries apart
/// (<c>Fetching.Internal.ChartDiscovery</c>) until it commits.
/// </summary>
internal sealed class ChartDirectory
{
    // DX NET's international genre headings for otoge-db's (Japanese) catcodes; the reverse of GenreNames.
    private static readonly Dictionary<string, string> IntlGenreLabels = new(StringComparer.Ordinal)
    {
        ["POPS＆アニメ"] = "POPS＆ANIME",
        ["niconico＆ボーカロイド"] = "niconico＆VOCALOID™",
        ["ゲーム＆バラエティ"] = "GAME＆VARIETY",
    };

    private readonly Region _region;
    private readonly Dictionary<int, ChartInfo> _byId = [];
    private readonly Dictionary<(string SongKey, ChartType Type, Difficulty Difficulty), int> _idByKey = [];
    private readonly Dictionary<string, int> _songIdByKey = new(StringComparer.Ordinal);
    private readonly ChartResolver _resolver;

    public ChartDirectory(SongLibrary library, Region region)
    {
        ArgumentNullException.ThrowIfNull(library);
        _region = region;
        var songs = new List<Song>(library.Songs.Count);
        foreach (var song in library.Songs)
        {
            _songIdByKey[song.Key] = song.Id;
            foreach (var chart in song.Charts)
            {
                _byId[chart.Id] = new ChartInfo(chart.Id, song.Key, song.Title, song.Genre, chart.Type, chart.Difficulty,
                    chart.LevelIn(region), chart.InternalLevelIn(region), song.VersionIn(region));
                _idByKey[(song.Key, chart.Type, chart.Difficulty)] = chart.Id;
            }

            // The resolver matches by title, type and difficulty, then genre and jacket; levels do not take part.
            songs.Add(new Song(song.Key, song.Title, "", song.Genre, song.VersionCode, null, song.ImageFile, null, false, null, null,
                [.. song.Charts.Select(c => new Chart(c.Type, c.Difficulty, c.Level, null, NoteCounts.Unknown, null))]));
        }

        _resolver = new ChartResolver(new SongCatalog(songs));
    }

    public Region Region => _region;

    public int ChartCount => _byId.Count;

    public ChartInfo? Find(int chartId) => _byId.GetValueOrDefault(chartId);

    public bool TryGetChartId(string songKey, ChartType type, Difficulty difficulty, out int chartId) =>
        _idByKey.TryGetValue((songKey, type, difficulty), out chartId);

    public bool TryGetSongId(string songKey, out int songId) => _songIdByKey.TryGetValue(songKey, out songId);

    /// <summary>The key the scraper compares score rows by, for a stored chart.</summary>
    public ChartKey KeyOf(ChartInfo chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var genre = _region == Region.Intl && IntlGenreLabels.TryGetValue(chart.Genre, out var label) ? label : chart.Genre;
        return new ChartKey(genre, chart.Title, chart.Type, chart.Difficulty);
    }

    public ChartMatch Resolve(ScoreListRow row) => _resolver.Resolve(row);

    public ChartMatch Resolve(RecordEntry entry) => _resolver.Resolve(entry);

    /// <summary>The stored chart a match names, if the songs database has it.</summary>
    public bool TryGetKnown(ChartMatch match, out int chartId)
    {
        chartId = 0;
        return match is KnownChart known && TryGetChartId(known.Song.Key, known.Chart.Type, known.Chart.Difficulty, out chartId);
    }
}
