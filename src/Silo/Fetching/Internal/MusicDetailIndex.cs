using Maimai.Core.Game;
using Maimai.Scraping.Pages;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>The musicDetail charts of one fetch, found by the score row they belong to (genre, title, type, difficulty).</summary>
internal sealed class MusicDetailIndex
{
    private readonly Dictionary<(string Genre, string Title, ChartType Type, Difficulty Difficulty), MusicDetailChart> _byGenre = [];
    private readonly Dictionary<(string Title, ChartType Type, Difficulty Difficulty), MusicDetailChart?> _byTitle = [];

    public static MusicDetailIndex From(IEnumerable<MusicDetail> pages)
    {
        var index = new MusicDetailIndex();
        foreach (var page in pages)
        {
            foreach (var chart in page.Charts)
            {
                index._byGenre[(page.Genre, page.Title, chart.Type, chart.Difficulty)] = chart;
                var key = (page.Title, chart.Type, chart.Difficulty);

                // The same title in two genres ("Link"): by title alone it is ambiguous.
                index._byTitle[key] = index._byTitle.ContainsKey(key) ? null : chart;
            }
        }

        return index;
    }

    public MusicDetailChart? Find(ScoreListRow row) =>
        _byGenre.GetValueOrDefault((row.Heading, row.Title, row.Type, row.Difficulty))
        ?? _byTitle.GetValueOrDefault((row.Title, row.Type, row.Difficulty));
}
