using System.Diagnostics.CodeAnalysis;
using AngleSharp.Dom;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// Reads one score list row (div.music_xxx_score_back). The row's parts are found in one walk of its elements: a
/// list holds 1,357 rows, and a selector query per part walked each row eight times.
/// </summary>
internal static class ScoreRowReader
{
    /// <summary>Reads <paramref name="row"/>; <paramref name="next"/> is the element after it, where genre lists put the kind icon.</summary>
    public static bool TryRead(IElement row, IElement? next, string heading, [NotNullWhen(true)] out ScoreListRow? result, [NotNullWhen(false)] out string? problem)
    {
        result = null;
        var parts = Parts.Of(row);
        if (!ChartCells.TryDifficultyFromClass(row, out var difficulty)
            || (parts.DifficultyImage is { } image && !(Icons.TryDifficultyImage(PageText.FileName(image.GetAttribute("src")), out var shown) && shown == difficulty)))
        {
            problem = "unknown difficulty";
            return false;
        }

        if (!ChartCells.TryLevel(parts.Level?.TextContent, difficulty, out var level))
        {
            problem = "unreadable level";
            return false;
        }

        var title = parts.Name is null ? string.Empty : PageText.ScrolledText(parts.Name);
        if (title.Length == 0)
        {
            problem = "no title";
            return false;
        }

        // The kind icon sits inside the row on level/version lists and right after it on genre lists; utage rows
        // carry a badge instead (div.music_kind_icon_utage: music_utage.png, or music_utage_buddy.png on a Buddy chart).
        var kind = parts.KindIcon;
        if (kind is null && next is not null)
        {
            kind = ElementWalk.HasClass(next, "music_kind_icon") ? next
                : ElementWalk.HasClass(next, "music_kind_icon_utage") ? next.Find("img")
                : null;
        }

        if (!Icons.TryChartType(PageText.FileName(kind?.GetAttribute("src")), out var type))
        {
            problem = "no STD/DX kind icon";
            return false;
        }

        var idx = parts.Idx?.GetAttribute("value");
        if (string.IsNullOrEmpty(idx))
        {
            problem = "no musicDetail idx";
            return false;
        }

        if (parts.ScoreBlocks.Count == 0 && parts.Icons.Count == 0)
        {
            result = new ScoreListRow(heading, title, type, difficulty, level, null, null, null, ComboLamp.None, SyncLamp.None, null, idx);
            problem = null;
            return true;
        }

        // A played row: achievement, "dx / max", then the sync, combo and rank icons floated right in that order.
        if (parts.ScoreBlocks.Count != 2 || parts.Icons.Count != 3)
        {
            problem = $"a played row needs 2 score blocks and 3 icons, found {parts.ScoreBlocks.Count} and {parts.Icons.Count}";
            return false;
        }

        if (!Achievement.TryParse(parts.ScoreBlocks[0].TextContent, out var achievement))
        {
            problem = "unreadable achievement";
            return false;
        }

        if (!PageText.TryFraction(PageText.OwnText(parts.ScoreBlocks[1]), out var dxScore, out var maxDxScore) || dxScore > maxDxScore)
        {
            problem = "unreadable DX score";
            return false;
        }

        if (!Icons.TrySyncLamp(PageText.FileName(parts.Icons[0].GetAttribute("src")), out var sync)
            || !Icons.TryComboLamp(PageText.FileName(parts.Icons[1].GetAttribute("src")), out var combo)
            || !Icons.TryRank(PageText.FileName(parts.Icons[2].GetAttribute("src")), out var rank))
        {
            problem = "unknown lamp or rank icon";
            return false;
        }

        result = new ScoreListRow(heading, title, type, difficulty, level, achievement, dxScore, maxDxScore, combo, sync, rank, idx);
        problem = null;
        return true;
    }

    /// <summary>The row's parts, each the first in document order (score blocks and lamp icons: all of them).</summary>
    private sealed class Parts
    {
        public IElement? DifficultyImage { get; private set; }

        public IElement? Level { get; private set; }

        public IElement? Name { get; private set; }

        public IElement? KindIcon { get; private set; }

        public IElement? Idx { get; private set; }

        public List<IElement> ScoreBlocks { get; } = new(2);

        public List<IElement> Icons { get; } = new(3);

        public static Parts Of(IElement row)
        {
            var parts = new Parts();
            parts.Collect(row);
            return parts;
        }

        // Depth first over child indexes, in document order: AngleSharp's sibling links scan the parent's children,
        // and its Descendants allocates an enumerator per level.
        private void Collect(IElement parent)
        {
            var children = parent.ChildNodes;
            for (var i = 0; i < children.Length; i++)
            {
                if (children[i] is IElement element)
                {
                    Take(element);
                    Collect(element);
                }
            }
        }

        private void Take(IElement element)
        {
            switch (element.LocalName)
            {
                case "img":
                    var src = element.GetAttribute("src") ?? string.Empty;
                    if (src.Contains("music_icon_", StringComparison.Ordinal))
                    {
                        Icons.Add(element);
                    }
                    else if (src.Contains("/diff_", StringComparison.Ordinal))
                    {
                        DifficultyImage ??= element;
                    }

                    if (KindIcon is null && ElementWalk.HasClass(element, "music_kind_icon"))
                    {
                        KindIcon = element;
                    }

                    break;
                case "div":
                    if (ElementWalk.HasClass(element, "music_score_block"))
                    {
                        ScoreBlocks.Add(element);
                    }
                    else if (Level is null && ElementWalk.HasClass(element, "music_lv_block"))
                    {
                        Level = element;
                    }
                    else if (Name is null && ElementWalk.HasClass(element, "music_name_block"))
                    {
                        Name = element;
                    }
                    else if (KindIcon is null && ElementWalk.HasClass(element, "music_kind_icon_utage"))
                    {
                        KindIcon = element.Find("img");
                    }

                    break;
                case "input":
                    if (Idx is null && element.GetAttribute("name") == "idx")
                    {
                        Idx = element;
                    }

                    break;
            }
        }
    }
}
