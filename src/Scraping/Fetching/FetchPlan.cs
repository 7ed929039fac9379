using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Fetching;

/// <summary>
/// Which pages a fetch reads, decided from what is already stored: the six score lists, then only the new plays'
/// details and only the changed charts' song pages.
/// </summary>
public static class FetchPlan
{
    /// <summary>The score lists in reading order: BASIC to Re:MASTER, then utage (diff=10).</summary>
    public static IReadOnlyList<Difficulty> ScoreListDifficulties { get; } =
        [Difficulty.Basic, Difficulty.Advanced, Difficulty.Expert, Difficulty.Master, Difficulty.ReMaster, Difficulty.Utage];

    public const string PlayerDataPath = "playerData/";
    public const string RecordPath = "record/";

    /// <summary>Every chart of one difficulty, all genres (genre=99), as one page.</summary>
    public static string ScoreListPath(Difficulty difficulty) =>
        FormattableString.Invariant($"record/musicGenre/search/?genre=99&diff={(int)difficulty}");

    public static string PlaylogDetailPath(PlaylogIdx idx)
    {
        ArgumentNullException.ThrowIfNull(idx);
        return "record/playlogDetail/?idx=" + Uri.EscapeDataString(idx.Raw);
    }

    /// <summary>The idx is opaque and may hold '+', '/' or '=': it is always escaped.</summary>
    public static string MusicDetailPath(string idx) => "record/musicDetail/?idx=" + Uri.EscapeDataString(idx);

    /// <summary>True when the play count moved (or nothing is stored yet), so the score lists and record must be read.</summary>
    public static bool NeedsScores(PlayerProfile profile, KnownState known)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(known);
        return known.TotalPlayCount != profile.TotalPlayCount;
    }

    /// <summary>Played rows whose best differs from the stored one (or that have none stored), in page order.</summary>
    public static IReadOnlyList<ScoreListRow> ChangedRows(IEnumerable<ScoreListRow> rows, IReadOnlyDictionary<ChartKey, KnownScore> known)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(known);
        return [.. rows.Where(row => row.IsPlayed
            && (!known.TryGetValue(ChartScores.KeyOf(row), out var stored) || stored != ScoreOf(row)))];
    }

    /// <summary>One musicDetail page per song (a page shows every difficulty of one chart type), in first-seen order.</summary>
    public static IReadOnlyList<string> MusicDetailIdxs(IEnumerable<ScoreListRow> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        return [.. changed.Select(r => r.MusicDetailIdx).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Record entries whose play (time and track) is not stored yet, newest first.</summary>
    public static IReadOnlyList<RecordEntry> NewPlays(RecordPage record, IReadOnlySet<PlayKey> stored)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stored);
        return [.. record.Entries.Where(e => e.Idx is not null && !stored.Contains(KeyOf(e)))];
    }

    public static PlayKey KeyOf(RecordEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new PlayKey(entry.Idx?.UnixTime ?? entry.PlayedAt.ToUnixTimeSeconds(), entry.Track);
    }

    /// <summary>Whether a playlogDetail page shows the record entry it was asked for (its page has no idx to compare).</summary>
    public static bool IsSamePlay(RecordEntry detail, RecordEntry asked)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(asked);
        return detail.Track == asked.Track && detail.PlayedAt == asked.PlayedAt && detail.Difficulty == asked.Difficulty
            && detail.Type == asked.Type && string.Equals(detail.Title, asked.Title, StringComparison.Ordinal);
    }

    /// <summary>The stored form of a played row's best.</summary>
    public static KnownScore ScoreOf(ScoreListRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new KnownScore(row.Achievement ?? default, row.DxScore ?? 0, row.ComboLamp, row.SyncLamp);
    }
}
