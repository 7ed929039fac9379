using Maimai.Core.Songs;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Identity;

/// <summary>
/// Finds the one chart of the songs database a scraped row is about, by exact title (case-sensitive and
/// whitespace-exact: "TRUST" and "Trust" differ, "　" is a title), chart type and difficulty. When several songs
/// share a title ("Link" in maimai and in niconico), the genre and then the jacket file tell them apart.
/// Anything that does not resolve to exactly one chart becomes a <see cref="DiscoveredChart"/>.
/// </summary>
public sealed class ChartResolver
{
    private readonly SongCatalog _catalog;

    public ChartResolver(SongCatalog catalog)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    }

    public ChartMatch Resolve(ScrapedChart scraped)
    {
        ArgumentNullException.ThrowIfNull(scraped);
        var titled = _catalog.FindByTitle(scraped.Title).ToList();
        if (titled.Count == 0)
        {
            return new DiscoveredChart(scraped, "no song has this title");
        }

        var withChart = titled.Where(s => s.FindChart(scraped.Type, scraped.Difficulty) is not null).ToList();
        if (withChart.Count == 0)
        {
            return new DiscoveredChart(scraped, $"the song has no {scraped.Type} {scraped.Difficulty} chart");
        }

        var candidates = withChart;
        if (candidates.Count > 1 && scraped.Genre is not null)
        {
            var genre = GenreNames.ToCatalogGenre(scraped.Genre);
            candidates = Narrow(candidates, s => s.Genre == genre);
        }

        if (candidates.Count > 1 && scraped.ImageFile is not null)
        {
            candidates = Narrow(candidates, s => s.ImageFile == scraped.ImageFile);
        }

        if (candidates.Count > 1)
        {
            return new DiscoveredChart(scraped, $"{candidates.Count} songs share this title and {scraped.Type} {scraped.Difficulty} chart");
        }

        var song = candidates[0];
        return new KnownChart(scraped, song, song.FindChart(scraped.Type, scraped.Difficulty)!);
    }

    /// <summary>A score list row; its heading is the genre on genre lists.</summary>
    public ChartMatch Resolve(ScoreListRow row, bool headingIsGenre = true)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Resolve(new ScrapedChart(headingIsGenre ? row.Heading : null, row.Title, row.Type, row.Difficulty));
    }

    /// <summary>A recent play; the jacket tells same-titled songs apart.</summary>
    public ChartMatch Resolve(RecordEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Resolve(new ScrapedChart(null, entry.Title, entry.Type, entry.Difficulty, JacketFile(entry.JacketUrl)));
    }

    /// <summary>"https://…/img/Music/21d83321da86a7b8.png" gives "21d83321da86a7b8.png".</summary>
    public static string? JacketFile(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var slash = url.LastIndexOf('/');
        var file = slash >= 0 ? url[(slash + 1)..] : url;
        var query = file.IndexOf('?', StringComparison.Ordinal);
        file = query >= 0 ? file[..query] : file;
        return file.Length == 0 ? null : file;
    }

    // Narrowing never throws the only candidates away: a filter that matches nothing is ignored.
    private static List<Song> Narrow(List<Song> songs, Func<Song, bool> filter)
    {
        var narrowed = songs.Where(filter).ToList();
        return narrowed.Count == 0 ? songs : narrowed;
    }
}
