using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.Scraping.Pages;
using Maimai.Scraping.SiteRating;

namespace Maimai.Silo.Cli;

/// <summary>
/// `rating &lt;page&gt;... --songs &lt;otoge-db list&gt; [--region intl|jp] [--version NAME] [--json]`: rates saved DX NET
/// pages (score lists, the rating target page, the player page) with an otoge-db song list's internal levels and
/// prints the best 50 and the total beside the site's, with each chart that explains a gap. Exit 0 on success,
/// 2 when a page cannot be parsed, 1 on usage errors (unreadable file, wrong page kind, bad song list).
/// </summary>
public static class RatingCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var pages = new Argument<FileInfo[]>("pages")
        {
            Description = "Saved DX NET pages (UTF-8 HTML): score lists, the rating target page, the player page.",
            Arity = ArgumentArity.OneOrMore,
        };
        var songs = new Option<FileInfo>("--songs") { Description = "An otoge-db song list (music-ex-intl.json for intl, music-ex.json for jp).", Required = true };
        var region = new Option<string>("--region") { Description = "The site the pages come from: intl or jp.", DefaultValueFactory = _ => "intl" };
        region.AcceptOnlyFromAmong("intl", "jp");
        var version = new Option<string?>("--version") { Description = "The game version the site was running (\"CiRCLE\"); defaults to the newest known." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: computed, site, differences, the best 50." };

        var command = new Command("rating", "Compute the DX rating and best 50 from saved maimai DX NET pages.") { pages, songs, region, version, json };
        command.SetAction(parse => Run(
            [.. parse.GetValue(pages)!.Select(f => f.FullName)],
            parse.GetValue(songs)!.FullName,
            RegionNames.Parse(parse.GetValue(region)!),
            parse.GetValue(version),
            parse.GetValue(json),
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>The verb's logic, callable in-process by tests.</summary>
    public static int Run(IReadOnlyList<string> pagePaths, string songsPath, Region region, string? versionName, bool json, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(pagePaths);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var current = CurrentVersions.Default.For(region);
        if (versionName is not null && !GameVersion.TryParse(versionName, out current))
        {
            stderr.WriteLine($"rating: unknown game version '{versionName}'; expected a name such as \"CiRCLE\" or \"PRiSM PLUS\".");
            return 1;
        }

        SongCatalog catalog;
        try
        {
            catalog = OtogeDbSongList.Load(songsPath);
        }
        catch (Exception e) when (e is SongListFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"rating: cannot read the song list '{songsPath}': {e.Message}");
            return 1;
        }

        var scores = new PageScores(catalog);
        foreach (var path in pagePaths)
        {
            var exit = Read(path, region, scores, stderr);
            if (exit != 0)
            {
                return exit;
            }
        }

        PageRating rating;
        try
        {
            rating = PageRating.Compute(scores, current);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"rating: {e.Message}");
            return 2;
        }

        var charts = scores.Charts.ToDictionary(c => c.Id);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(ToJson(rating, charts, scores.Unresolved, current), Json));
        }
        else
        {
            WriteText(stdout, rating, charts, scores.Unresolved, current);
        }

        return 0;
    }

    private static int Read(string path, Region region, PageScores scores, TextWriter stderr)
    {
        string html;
        try
        {
            html = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"rating: cannot read '{path}': {e.Message}");
            return 1;
        }

        var kind = PageClassifier.Classify(html).Kind;
        PageFailure? failure;
        switch (kind)
        {
            case DxNetPageKind.ScoreList:
                var list = ScoreListPageParser.Parse(html, region);
                failure = list.Failure;
                if (list.Value is { } page)
                {
                    scores.Add(page);
                }

                break;
            case DxNetPageKind.RatingTarget:
                var target = RatingTargetPageParser.Parse(html, region);
                failure = target.Failure;
                if (target.Value is { } targets)
                {
                    scores.Add(targets);
                }

                break;
            case DxNetPageKind.PlayerData:
                var player = PlayerPageParser.Parse(html, region);
                failure = player.Failure;
                if (player.Value?.SiteRating is { } siteRating)
                {
                    scores.AddSiteRating(siteRating);
                }

                break;
            default:
                stderr.WriteLine($"rating: '{path}' is a {kind} page; expected a score list, the rating target page or the player page.");
                return 1;
        }

        if (failure is not null)
        {
            stderr.WriteLine($"rating: {path}: {failure.Message}");
            return ParseCommand.Unparsable;
        }

        return 0;
    }

    private static void WriteText(TextWriter o, PageRating rating, Dictionary<int, PageChart> charts, IReadOnlyList<string> unresolved, GameVersion current)
    {
        var best = rating.Report.Rating;
        o.WriteLine($"New ({best.NewBest.Count}, songs of {current.Name} and {(current.Previous ?? current).Name}): {best.NewTotal}");
        WriteCharts(o, best.NewBest, charts);
        o.WriteLine($"Old ({best.OldBest.Count}): {best.OldTotal}");
        WriteCharts(o, best.OldBest, charts);
        o.WriteLine($"Computed rating: {rating.Computed}");
        o.WriteLine(rating.SiteRating is { } site ? $"Site rating: {site} (difference {rating.Computed - site:+0;-0;0})" : "Site rating: not on these pages");
        if (rating.Differences.Count > 0)
        {
            o.WriteLine("Differences:");
            foreach (var gap in rating.Differences)
            {
                o.WriteLine($"  {Name(gap.Chart)}: {gap.Reason}: {gap.Why}");
            }
        }

        foreach (var row in unresolved)
        {
            o.WriteLine($"Not in the song list: {row}");
        }
    }

    private static void WriteCharts(TextWriter o, IReadOnlyList<RatedChart> list, Dictionary<int, PageChart> charts)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var rated = list[i];
            var level = rated.Score.InternalLevel is { } known ? known.ToString() : $"{rated.Score.RatingLevel}?";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {i + 1,2}. {Name(charts[rated.Score.ChartId])}  level {level}  {rated.Score.Achievement}  {rated.Value}"));
        }
    }

    private static string Name(PageChart c) => $"{c.Song.Title} [{c.Chart.Type.ToString().ToUpperInvariant()} {c.Chart.Difficulty}]";

    private static RatingJson ToJson(PageRating rating, Dictionary<int, PageChart> charts, IReadOnlyList<string> unresolved, GameVersion current)
    {
        var best = rating.Report.Rating;
        EntryJson Entry(RatedChart rated)
        {
            var c = charts[rated.Score.ChartId];
            return new EntryJson(c.Song.Title, c.Chart.Type.ToString(), c.Chart.Difficulty.ToString(), c.SiteLevel.Display,
                rated.Score.InternalLevel?.ToString(), rated.Score.RatingLevel.ToString(), rated.Score.Achievement.ToString(),
                rated.Score.ComboLamp.ToString(), rated.Value);
        }

        return new RatingJson(
            rating.Computed,
            rating.SiteRating,
            current.Name,
            best.NewTotal,
            best.OldTotal,
            [.. best.NewBest.Select(Entry)],
            [.. best.OldBest.Select(Entry)],
            [.. rating.Differences.Select(d => new DifferenceJson(d.Chart.Song.Title, d.Chart.Chart.Type.ToString(), d.Chart.Chart.Difficulty.ToString(), d.Reason.ToString(), d.Why))],
            unresolved);
    }

    private sealed record RatingJson(
        int Computed,
        int? Site,
        string Version,
        int NewTotal,
        int OldTotal,
        IReadOnlyList<EntryJson> New,
        IReadOnlyList<EntryJson> Old,
        IReadOnlyList<DifferenceJson> Differences,
        IReadOnlyList<string> Unresolved);

    private sealed record EntryJson(
        string Title, string Type, string Difficulty, string Level, string? InternalLevel, string LevelUsed, string Achievement, string ComboLamp, int Value);

    private sealed record DifferenceJson(string Title, string Type, string Difficulty, string Reason, string Why);
}
