using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Core.Game;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Reads one song's detail page (/record/musicDetail/?idx=…) into a <see cref="MusicDetail"/>: the chart table
/// (level, rank, lamps, stars per difficulty) joined with the detail block of each played chart
/// (last played, play count, achievement, DX score).
/// </summary>
public static class MusicDetailPageParser
{
    private const DxNetPageKind Kind = DxNetPageKind.MusicDetail;

    /// <summary>Parses the page's HTML. Both sites share the markup; labels are not read.</summary>
    public static PageResult<MusicDetail> Parse(string html, Region region)
    {
        _ = region;
        return PageGuard.TryOpen(html, Kind, out var document, out var failure) ? Read(document) : failure!;
    }

    /// <summary>Parses a page read from a stream (UTF-8).</summary>
    public static PageResult<MusicDetail> Parse(Stream html, Region region) => Parse(DxNetHtml.Read(html), region);

    private static PageResult<MusicDetail> Read(IHtmlDocument document)
    {
        var table = document.Find("table.music_detail_table")!;
        var header = table.ParentElement!;
        var genreBlock = header.Find("div.blue");
        var genre = genreBlock is null ? string.Empty : PageText.OwnText(genreBlock);
        if (genre.Length == 0
            || !Icons.TryChartType(PageText.FileName(genreBlock!.Find("img")?.GetAttribute("src")), out var type))
        {
            return PageGuard.Fail(Kind, "no genre or STD/DX icon", header);
        }

        // The title may be a single full-width space; only ASCII whitespace is trimmed.
        var title = PageText.Clean(header.Find("div.f_15.break")?.TextContent);
        if (title.Length == 0)
        {
            return PageGuard.Fail(Kind, "no title", header);
        }

        var artist = PageText.Clean(header.Find("div.f_12.break")?.TextContent);
        var jacket = header.Find("img[src*='/Music/']")?.GetAttribute("src");

        var details = new Dictionary<Difficulty, MusicDetailBlockReader.Best>();
        foreach (var block in document.FindAll("div[id][class*='_score_back']"))
        {
            if (!MusicDetailBlockReader.TryRead(block, type, out var best, out var problem))
            {
                return PageGuard.Fail(Kind, problem, block);
            }

            if (!details.TryAdd(best.Difficulty, best))
            {
                return PageGuard.Fail(Kind, "two detail blocks for one difficulty", block);
            }
        }

        var charts = new List<MusicDetailChart>(5);
        var rows = table.FindAll("tr");
        for (var index = 0; index < rows.Length; index++)
        {
            if (!TryReadRow(rows[index], index, type, details, out var chart, out var problem))
            {
                return PageGuard.Fail(Kind, problem, rows[index]);
            }

            charts.Add(chart);
        }

        if (charts.Count == 0 || details.Keys.Any(d => charts.All(c => c.Difficulty != d)))
        {
            return PageGuard.Fail(Kind, charts.Count == 0 ? "no charts" : "a detail block has no chart row", table);
        }

        return new MusicDetail(title, artist.Length == 0 ? null : artist, genre, type, jacket, charts);
    }

    // Rows run basic, advanced, expert, master (, re:master); an utage song's single row shows its level as "12?".
    private static bool TryReadRow(
        IElement row,
        int index,
        ChartType type,
        Dictionary<Difficulty, MusicDetailBlockReader.Best> details,
        out MusicDetailChart chart,
        out string problem)
    {
        chart = null!;
        var levelText = PageText.Clean(row.Find(".music_lv_back")?.TextContent);
        var difficulty = levelText.EndsWith('?') ? Difficulty.Utage : (Difficulty)index;
        var diffInput = row.Find("input[name=diff]")?.GetAttribute("value");
        if (index > (int)Difficulty.ReMaster
            || (diffInput is not null && diffInput != ((int)difficulty).ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            problem = "chart rows out of order";
            return false;
        }

        if (!ChartCells.TryLevel(levelText, difficulty, out var level))
        {
            problem = "unreadable level";
            return false;
        }

        var icons = row.FindAll("img");
        var files = icons.Select(i => PageText.FileName(i.GetAttribute("src"))).ToList();
        if (files.Count < 3)
        {
            problem = "missing rank or lamp icons";
            return false;
        }

        ScoreRank? rank = null;
        if (files[0] != "music_icon_blank.png")
        {
            if (!Icons.TryRank(files[0], out var shown))
            {
                problem = "unknown rank icon";
                return false;
            }

            rank = shown;
        }

        var stars = 0;
        if (!Icons.TryComboLamp(files[1], out var combo)
            || !Icons.TrySyncLamp(files[2], out var sync)
            || (files.Count > 3 && !Icons.TryDxStars(files[3], out stars))
            || files.Count > 4)
        {
            problem = "unknown lamp or star icon";
            return false;
        }

        details.TryGetValue(difficulty, out var best);
        if ((best is null) != (rank is null) || (best is not null && (best.Rank != rank || best.ComboLamp != combo || best.SyncLamp != sync)))
        {
            problem = "the chart table and the detail block disagree";
            return false;
        }

        chart = new MusicDetailChart(type, difficulty, level, best?.LastPlayed, best?.PlayCount, best?.Achievement,
            best?.DxScore, best?.MaxDxScore, rank, combo, sync, stars);
        problem = string.Empty;
        return true;
    }
}
