using Maimai.Core.Game;

namespace Maimai.Core.Plates;

/// <summary>
/// The four version plates (名刺プレート) a version group awards, each for meeting one condition on every counted
/// chart: 極 a full combo or better, 将 SSS or better, 神 an all perfect or better, 舞舞 a full sync DX or better.
/// </summary>
public enum PlateKind
{
    /// <summary>極: every chart FC or better.</summary>
    Kiwami = 1,

    /// <summary>将: every chart SSS (100.0000%) or better.</summary>
    Sho = 2,

    /// <summary>神: every chart AP or better.</summary>
    Shin = 3,

    /// <summary>舞舞: every chart FDX (full sync DX) or better.</summary>
    Maimai = 4,
}

/// <summary>What each plate asks of one chart's best score.</summary>
public static class PlateConditions
{
    /// <summary>The kanji the game prints after the group's name (真 + 極 is 真極).</summary>
    public static string Suffix(this PlateKind kind) => kind switch
    {
        PlateKind.Kiwami => "極",
        PlateKind.Sho => "将",
        PlateKind.Shin => "神",
        PlateKind.Maimai => "舞舞",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plate."),
    };

    /// <summary>Whether a chart's best score meets the plate; an unplayed chart (null) never does.</summary>
    public static bool IsMetBy(this PlateKind kind, PlateScore? score) => score is { } s && kind switch
    {
        PlateKind.Kiwami => s.ComboLamp >= ComboLamp.FullCombo,
        PlateKind.Sho => s.Achievement >= ScoreBounds.Sss,
        PlateKind.Shin => s.ComboLamp >= ComboLamp.AllPerfect,
        PlateKind.Maimai => s.SyncLamp >= SyncLamp.FullSyncDx,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plate."),
    };

    private static class ScoreBounds
    {
        public static readonly Achievement Sss = new(1_000_000);
    }
}

/// <summary>The part of a chart's best score that plates read.</summary>
public readonly record struct PlateScore(Achievement Achievement, ComboLamp ComboLamp, SyncLamp SyncLamp);
