using System.Diagnostics.CodeAnalysis;
using AngleSharp.Dom;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>Reads a played chart's detail block (div#expert.music_expert_score_back) on the music detail page.</summary>
internal static class MusicDetailBlockReader
{
    public sealed record Best(
        Difficulty Difficulty,
        DateTimeOffset LastPlayed,
        int PlayCount,
        Achievement Achievement,
        int DxScore,
        int MaxDxScore,
        ScoreRank Rank,
        ComboLamp ComboLamp,
        SyncLamp SyncLamp);

    public static bool TryRead(IElement block, ChartType pageType, [NotNullWhen(true)] out Best? best, [NotNullWhen(false)] out string? problem)
    {
        best = null;
        if (!ChartCells.TryDifficultyFromClass(block, out var difficulty) || !ChartCells.DifficultyImageAgrees(block, difficulty))
        {
            problem = "unknown difficulty";
            return false;
        }

        if (!ChartCells.TryChartType(block, block.NextElementSibling, out var type) || type != pageType)
        {
            problem = "the chart's STD/DX icon differs from the song's";
            return false;
        }

        // Rows "Last played date：" / "PLAY COUNT：" (labels differ by region, so read by position).
        var cells = block.FindAll(".black_block td");
        if (cells.Length != 4
            || !PageText.TryJapanTime(cells[1].TextContent, out var lastPlayed)
            || !PageText.TryInt(cells[3].TextContent, out var playCount))
        {
            problem = "unreadable last played date or play count";
            return false;
        }

        var scores = block.FindAll(".music_score_block");
        if (scores.Length != 2
            || !Achievement.TryParse(scores[0].TextContent, out var achievement)
            || !PageText.TryFraction(PageText.OwnText(scores[1]), out var dxScore, out var maxDxScore)
            || dxScore > maxDxScore)
        {
            problem = "unreadable achievement or DX score";
            return false;
        }

        // Rank, combo and sync icons sit before the black block, in that order.
        var icons = block.FindAll("div.t_r.f_r > img");
        if (icons.Length != 3
            || !Icons.TryRank(PageText.FileName(icons[0].GetAttribute("src")), out var rank)
            || !Icons.TryComboLamp(PageText.FileName(icons[1].GetAttribute("src")), out var combo)
            || !Icons.TrySyncLamp(PageText.FileName(icons[2].GetAttribute("src")), out var sync))
        {
            problem = "unknown rank or lamp icon";
            return false;
        }

        best = new Best(difficulty, lastPlayed, playCount, achievement, dxScore, maxDxScore, rank, combo, sync);
        problem = null;
        return true;
    }
}
