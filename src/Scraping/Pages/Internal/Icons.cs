using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// DX NET's icon file names (without "?ver="), as listed in SOURCES.md. Score lists and music detail use
/// music_icon_*.png; the record page uses its own playlog/*.png names.
/// </summary>
internal static class Icons
{
    public const string Back = "music_icon_back.png";

    public static bool TryComboLamp(string file, out ComboLamp lamp)
    {
        lamp = file switch
        {
            Back => ComboLamp.None,
            "music_icon_fc.png" => ComboLamp.FullCombo,
            "music_icon_fcp.png" => ComboLamp.FullComboPlus,
            "music_icon_ap.png" => ComboLamp.AllPerfect,
            "music_icon_app.png" => ComboLamp.AllPerfectPlus,
            _ => (ComboLamp)(-1),
        };
        return lamp >= 0;
    }

    public static bool TrySyncLamp(string file, out SyncLamp lamp)
    {
        lamp = file switch
        {
            Back => SyncLamp.None,
            "music_icon_sync.png" => SyncLamp.SyncPlay,
            "music_icon_fs.png" => SyncLamp.FullSync,
            "music_icon_fsp.png" => SyncLamp.FullSyncPlus,
            "music_icon_fdx.png" => SyncLamp.FullSyncDx,
            "music_icon_fdxp.png" => SyncLamp.FullSyncDxPlus,
            _ => (SyncLamp)(-1),
        };
        return lamp >= 0;
    }

    public static bool TryRank(string file, out ScoreRank rank) => TryRankName(Strip(file, "music_icon_", ".png"), out rank);

    /// <summary>The record page's rank images: playlog/sssplus.png, playlog/aaa.png…</summary>
    public static bool TryPlaylogRank(string file, out ScoreRank rank) => TryRankName(Strip(file, string.Empty, ".png"), out rank);

    public static bool TryPlaylogComboLamp(string file, out ComboLamp lamp)
    {
        lamp = file switch
        {
            "fc_dummy.png" => ComboLamp.None,
            "fc.png" => ComboLamp.FullCombo,
            "fcplus.png" => ComboLamp.FullComboPlus,
            "ap.png" => ComboLamp.AllPerfect,
            "applus.png" => ComboLamp.AllPerfectPlus,
            _ => (ComboLamp)(-1),
        };
        return lamp >= 0;
    }

    public static bool TryPlaylogSyncLamp(string file, out SyncLamp lamp)
    {
        lamp = file switch
        {
            "sync_dummy.png" => SyncLamp.None,
            "sync.png" => SyncLamp.SyncPlay,
            "fs.png" => SyncLamp.FullSync,
            "fsplus.png" => SyncLamp.FullSyncPlus,
            "fdx.png" => SyncLamp.FullSyncDx,
            "fdxplus.png" => SyncLamp.FullSyncDxPlus,
            _ => (SyncLamp)(-1),
        };
        return lamp >= 0;
    }

    /// <summary>diff_basic.png … diff_utage.png, and the music_basic_… class stems.</summary>
    public static bool TryDifficultyName(ReadOnlySpan<char> name, out Difficulty difficulty)
    {
        difficulty = name switch
        {
            "basic" => Difficulty.Basic,
            "advanced" => Difficulty.Advanced,
            "expert" => Difficulty.Expert,
            "master" => Difficulty.Master,
            "remaster" => Difficulty.ReMaster,
            "utage" => Difficulty.Utage,
            _ => (Difficulty)(-1),
        };
        return difficulty >= 0;
    }

    public static bool TryDifficultyImage(string file, out Difficulty difficulty) =>
        TryDifficultyName(Strip(file, "diff_", ".png"), out difficulty);

    /// <summary>
    /// music_dx.png or music_standard.png. Utage charts carry no STD/DX distinction in the song data, so an
    /// utage-only kind icon is read as DX, the kind every utage chart is built on.
    /// </summary>
    public static bool TryChartType(string file, out ChartType type)
    {
        type = file switch
        {
            "music_dx.png" => ChartType.Dx,
            "music_standard.png" => ChartType.Std,
            "music_utage.png" => ChartType.Dx,
            "music_utage_buddy.png" => ChartType.Dx,
            _ => 0,
        };
        return type != 0;
    }

    /// <summary>dxstar_N.png / music_icon_dxstar_N.png / music_icon_dxstar_detail_N.png give N.</summary>
    public static bool TryDxStars(string file, out int stars)
    {
        stars = 0;
        var dot = file.LastIndexOf(".png", StringComparison.Ordinal);
        var underscore = file.LastIndexOf('_');
        if (!file.Contains("dxstar", StringComparison.Ordinal) || dot < 0 || underscore < 0 || underscore + 2 != dot)
        {
            return false;
        }

        stars = file[underscore + 1] - '0';
        return stars is >= 1 and <= 5;
    }

    private static bool TryRankName(ReadOnlySpan<char> name, out ScoreRank rank)
    {
        rank = name switch
        {
            "d" => ScoreRank.D,
            "c" => ScoreRank.C,
            "b" => ScoreRank.B,
            "bb" => ScoreRank.BB,
            "bbb" => ScoreRank.BBB,
            "a" => ScoreRank.A,
            "aa" => ScoreRank.AA,
            "aaa" => ScoreRank.AAA,
            "s" => ScoreRank.S,
            "sp" or "splus" => ScoreRank.SPlus,
            "ss" => ScoreRank.SS,
            "ssp" or "ssplus" => ScoreRank.SSPlus,
            "sss" => ScoreRank.SSS,
            "sssp" or "sssplus" => ScoreRank.SSSPlus,
            _ => (ScoreRank)(-1),
        };
        return rank >= 0;
    }

    private static ReadOnlySpan<char> Strip(string file, string prefix, string suffix)
    {
        var span = file.AsSpan();
        return span.StartsWith(prefix, StringComparison.Ordinal) && span.EndsWith(suffix, StringComparison.Ordinal)
            ? span[prefix.Length..^suffix.Length]
            : [];
    }
}
