using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.Scraping.Identity;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.SiteRating;

/// <summary>
/// One chart's best score gathered from saved DX NET pages, with the song list's chart it resolved to.
/// <see cref="SiteLevel"/> is the level the site displayed; <see cref="Id"/> is local to one <see cref="PageScores"/>.
/// </summary>
public sealed record PageChart(int Id, Song Song, Chart Chart, Level SiteLevel, Achievement Achievement, ComboLamp ComboLamp)
{
    /// <summary>What the rating reads: the song list's version and levels, the site's level, achievement and lamp.</summary>
    public RatedScore ToRated() =>
        new(Id, Song.VersionCode, Chart.Difficulty, Chart.Level, Chart.InternalLevel, Achievement, ComboLamp, SiteLevel);

    /// <summary>
    /// The site displays another level than the song list, so the song list's internal level is likely out of date
    /// too (<see cref="RatedScore.LevelMayHaveChanged"/>).
    /// </summary>
    public bool LevelDiffers => ToRated().LevelMayHaveChanged;
}

/// <summary>
/// Collects the best score per chart from saved pages (score lists, the rating target page, the player page),
/// resolved against an otoge-db song list. The same chart on several pages keeps its highest achievement and
/// the combo lamp a score list showed (the rating target page shows none). Rows the song list cannot resolve
/// are kept as <see cref="Unresolved"/>, never guessed.
/// </summary>
public sealed class PageScores
{
    private readonly ChartResolver _resolver;
    private readonly Dictionary<(string SongKey, ChartType Type, Difficulty Difficulty), PageChart> _charts = [];
    private readonly List<string> _unresolved = [];
    private readonly List<(string SongKey, ChartType Type, Difficulty Difficulty)> _siteList = [];

    public PageScores(SongCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _resolver = new ChartResolver(catalog);
    }

    /// <summary>Every chart read, in the order first seen.</summary>
    public IEnumerable<PageChart> Charts => _charts.Values.OrderBy(c => c.Id);

    /// <summary>Rows that no song list chart matched, as "title (type difficulty): reason".</summary>
    public IReadOnlyList<string> Unresolved => _unresolved;

    /// <summary>The rating DX NET showed (rating target page, else player page); null when no page showed one.</summary>
    public int? SiteRating { get; private set; }

    /// <summary>The charts the rating target page says make up the rating; empty without that page.</summary>
    public IReadOnlyList<PageChart> SiteList => [.. _siteList.Select(key => _charts[key])];

    /// <summary>A rating target page was read, so <see cref="SiteList"/> says which charts the site counts.</summary>
    public bool HasSiteList { get; private set; }

    public void Add(ScoreListPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        foreach (var row in page.Rows.Where(r => r.IsPlayed))
        {
            // A heading is a genre only on genre lists; the resolver ignores a genre that narrows to nothing.
            Add(_resolver.Resolve(row), row.Level, row.Achievement!.Value, row.ComboLamp);
        }
    }

    public void Add(RatingTargetPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        SiteRating = page.Rating;
        HasSiteList = true;
        foreach (var (entry, counted) in page.New.Concat(page.Others).Select(e => (e, true))
            .Concat(page.SelectionNew.Concat(page.SelectionOthers).Select(e => (e, false))))
        {
            var chart = Add(_resolver.Resolve(new ScrapedChart(null, entry.Title, entry.Type, entry.Difficulty)), entry.Level, entry.Achievement, null);
            if (counted && chart is not null)
            {
                _siteList.Add((chart.Song.Key, chart.Chart.Type, chart.Chart.Difficulty));
            }
        }
    }

    /// <summary>The player page's rating counts unless a rating target page gave one (it lists what makes it up).</summary>
    public void AddSiteRating(int rating)
    {
        if (!HasSiteList)
        {
            SiteRating = rating;
        }
    }

    private PageChart? Add(ChartMatch match, Level siteLevel, Achievement achievement, ComboLamp? lamp)
    {
        if (match is not KnownChart known)
        {
            var scraped = match.Scraped;
            _unresolved.Add($"{scraped.Title} ({scraped.Type} {scraped.Difficulty}): {((DiscoveredChart)match).Reason}");
            return null;
        }

        var key = (known.Song.Key, known.Chart.Type, known.Chart.Difficulty);
        if (!_charts.TryGetValue(key, out var chart))
        {
            chart = new PageChart(_charts.Count + 1, known.Song, known.Chart, siteLevel, achievement, lamp ?? ComboLamp.None);
        }
        else
        {
            chart = chart with
            {
                Achievement = achievement > chart.Achievement ? achievement : chart.Achievement,
                ComboLamp = lamp is { } l && l > chart.ComboLamp ? l : chart.ComboLamp,
            };
        }

        _charts[key] = chart;
        return chart;
    }
}
