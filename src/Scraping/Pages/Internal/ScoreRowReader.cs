using System.Diagnostics.CodeAnalysis;
using AngleSharp.Dom;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>Reads one score list row (div.music_xxx_score_back).</summary>
internal static class ScoreRowReader
{
    public static bool TryRead(IElement row, string heading, [NotNullWhen(true)] out ScoreListRow? result, [NotNullWhen(false)] out string? problem)
    {
        result = null;
        if (!ChartCells.TryDifficultyFromClass(row, out var difficulty) || !ChartCells.DifficultyImageAgrees(row, difficulty))
        {
            problem = "unknown difficulty";
            return false;
        }

        var levelBlock = row.QuerySelector(".music_lv_block");
        if (!ChartCells.TryLevel(levelBlock?.TextContent, difficulty, out var level))
        {
            problem = "unreadable level";
            return false;
        }

        var nameBlock = row.QuerySelector(".music_name_block");
        var title = nameBlock is null ? string.Empty : PageText.ScrolledText(nameBlock);
        if (title.Length == 0)
        {
            problem = "no title";
            return false;
        }

        if (!ChartCells.TryChartType(row, out var type))
        {
            problem = "no STD/DX kind icon";
            return false;
        }

        if (!ChartCells.TryIdx(row, out var idx))
        {
            problem = "no musicDetail idx";
            return false;
        }

        var scoreBlocks = row.QuerySelectorAll(".music_score_block");
        var icons = row.QuerySelectorAll("img[src*='music_icon_']");
        if (scoreBlocks.Length == 0 && icons.Length == 0)
        {
            result = new ScoreListRow(heading, title, type, difficulty, level, null, null, null, ComboLamp.None, SyncLamp.None, null, idx);
            problem = null;
            return true;
        }

        // A played row: achievement, "dx / max", then the sync, combo and rank icons floated right in that order.
        if (scoreBlocks.Length != 2 || icons.Length != 3)
        {
            problem = $"a played row needs 2 score blocks and 3 icons, found {scoreBlocks.Length} and {icons.Length}";
            return false;
        }

        if (!Achievement.TryParse(scoreBlocks[0].TextContent, out var achievement))
        {
            problem = "unreadable achievement";
            return false;
        }

        if (!PageText.TryFraction(PageText.OwnText(scoreBlocks[1]), out var dxScore, out var maxDxScore) || dxScore > maxDxScore)
        {
            problem = "unreadable DX score";
            return false;
        }

        if (!Icons.TrySyncLamp(PageText.FileName(icons[0].GetAttribute("src")), out var sync)
            || !Icons.TryComboLamp(PageText.FileName(icons[1].GetAttribute("src")), out var combo)
            || !Icons.TryRank(PageText.FileName(icons[2].GetAttribute("src")), out var rank))
        {
            problem = "unknown lamp or rank icon";
            return false;
        }

        result = new ScoreListRow(heading, title, type, difficulty, level, achievement, dxScore, maxDxScore, combo, sync, rank, idx);
        problem = null;
        return true;
    }
}
