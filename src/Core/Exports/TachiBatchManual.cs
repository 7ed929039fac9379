using System.Text.Json;
using System.Text.Json.Serialization;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;

namespace Maimai.Core.Exports;

/// <summary>
/// A snapshot's scores in Kamai Tachi's BATCH-MANUAL format for maimai DX, from its documentation
/// (docs/codebase/batch-manual/overview.md and docs/game-support/games/maimaidx-Single.md in zkrising/Tachi):
/// head {game "maimaidx", playtype "Single", service}, body of scores {percent, lamp, matchType "songTitle",
/// identifier (the title), difficulty ("Master", "DX Master", "Re:Master", ...), timeAchieved (unix ms or null)}.
/// Utage charts have no Tachi difficulty and are left out.
/// </summary>
public static class TachiBatchManual
{
    public const string ContentType = "application/json";

    /// <summary>The service name Tachi shows for the import (its documentation wants 2 to 15 characters).</summary>
    public const string Service = "maimai tracker";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(IEnumerable<ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var body = scores
            .Where(s => s.Difficulty != Difficulty.Utage)
            .Select(s => new TachiScore(
                s.Achievement.TenThousandths / 10_000m, Lamp(s.ComboLamp, s.Achievement), "songTitle", s.Title,
                DifficultyName(s.ChartType, s.Difficulty), s.LastPlayedAt?.ToUnixTimeMilliseconds()))
            .ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new Batch(new Head("maimaidx", "Single", Service), body), Options);
    }

    /// <summary>Tachi's lamp: the combo lamp when there is one, else CLEAR from 80.0000% (rank A, the game's clear line), else FAILED.</summary>
    public static string Lamp(ComboLamp combo, Achievement achievement) => combo switch
    {
        ComboLamp.AllPerfectPlus => "ALL PERFECT+",
        ComboLamp.AllPerfect => "ALL PERFECT",
        ComboLamp.FullComboPlus => "FULL COMBO+",
        ComboLamp.FullCombo => "FULL COMBO",
        _ => achievement.TenThousandths >= 800_000 ? "CLEAR" : "FAILED",
    };

    /// <summary>Tachi's difficulty: DX charts carry a "DX " prefix ("DX Re:Master").</summary>
    public static string DifficultyName(ChartType type, Difficulty difficulty)
    {
        var name = difficulty switch
        {
            Difficulty.Basic => "Basic",
            Difficulty.Advanced => "Advanced",
            Difficulty.Expert => "Expert",
            Difficulty.Master => "Master",
            Difficulty.ReMaster => "Re:Master",
            _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, "Tachi has no such maimai DX difficulty."),
        };
        return type == ChartType.Dx ? "DX " + name : name;
    }

    private sealed record Batch(Head Head, IReadOnlyList<TachiScore> Body);

    private sealed record Head(string Game, string Playtype, string Service);

    private sealed record TachiScore(
        decimal Percent,
        string Lamp,
        string MatchType,
        string Identifier,
        string Difficulty,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? TimeAchieved);
}
