using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Maimai.Scraping.Tests.Simulator;

/// <summary>
/// The structure a parser depends on: for every element carrying a class a parser reads (or the idx
/// input), the chain from a root down to it. Ancestors show only their tag and parser-read classes; the
/// element itself shows all its classes. Difficulty names are folded (music_master_score_back becomes
/// music_DIFF_score_back) so one real page stands for every difficulty.
/// </summary>
internal static partial class PageSkeleton
{
    private static readonly HashSet<string> ParserClasses =
    [
        "main_wrapper", "see_through_block", "basic_block", "screw_block", "trophy_block", "trophy_inner_block",
        "name_block", "rating_block", "musiccount_block", "musiccount_img_block", "musiccount_counter_block",
        "music_DIFF_score_back", "music_name_block", "music_lv_block", "music_score_block", "music_kind_icon",
        "music_lv_back", "music_detail_table", "black_block", "music_DIFF_btn", "music_img",
        "ratingtarget_scorerank_block", "ratingtarget_scorerank_img",
        "playlog_top_container", "sub_title", "playlog_diff", "playlog_DIFF_container", "playlog_level_icon",
        "playlog_music_kind_icon", "playlog_result_block", "playlog_achievement_txt", "playlog_achievement_newrecord",
        "playlog_scorerank", "playlog_result_innerblock", "playlog_score_block", "playlog_deluxscore_newrecord",
        "playlog_deluxscore_star", "playlog_matching_icon", "break",
    ];

    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static IDocument ParseFile(string path) => Parse(File.ReadAllText(path));

    /// <summary>Chains from the body for the whole page.</summary>
    public static SortedSet<string> Of(IDocument document) => Of(document.Body!, includeRoot: false);

    /// <summary>Chains starting at <paramref name="root"/> (inclusive unless told otherwise).</summary>
    public static SortedSet<string> Of(IElement root, bool includeRoot = true)
    {
        var chains = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Descendants<IElement>())
        {
            if (!IsRead(element))
            {
                continue;
            }

            var steps = new List<string> { Step(element, all: true) };
            for (var parent = element.ParentElement; parent is not null && parent != root; parent = parent.ParentElement)
            {
                steps.Add(Step(parent, all: false));
            }

            if (includeRoot)
            {
                steps.Add(Step(root, all: false));
            }

            steps.Reverse();
            chains.Add(string.Join(" > ", steps));
        }

        return chains;
    }

    private static bool IsRead(IElement element) =>
        element.ClassList.Select(Fold).Any(ParserClasses.Contains)
        || (element.LocalName == "input" && element.GetAttribute("name") == "idx");

    private static string Step(IElement element, bool all)
    {
        var classes = element.ClassList.Select(Fold).Where(c => all || ParserClasses.Contains(c)).Order(StringComparer.Ordinal).ToList();
        var name = element.LocalName == "input" ? $"input[name={element.GetAttribute("name")}]" : element.LocalName;
        return classes.Count == 0 ? name : name + "." + string.Join(".", classes);
    }

    private static string Fold(string cssClass) => DiffClass().Replace(cssClass, "$1_DIFF_$2");

    [GeneratedRegex("^(music|playlog)_(?:basic|advanced|expert|master|remaster|utage)_(score_back|container|btn)$")]
    private static partial Regex DiffClass();
}
