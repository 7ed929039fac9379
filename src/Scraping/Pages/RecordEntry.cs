using Maimai.Core.Game;

namespace Maimai.Scraping.Pages;

/// <summary>The recent plays (/maimai-mobile/record/), newest first; DX NET keeps 50.</summary>
/// <param name="Warnings">The entries the parser could not read, kept raw; they are in neither list twice.</param>
public sealed record RecordPage(IReadOnlyList<RecordEntry> Entries, IReadOnlyList<RowWarning> Warnings)
{
    public RecordPage(IReadOnlyList<RecordEntry> entries)
        : this(entries, [])
    {
    }
}

/// <summary>One play on the record page (also the top block of playlogDetail).</summary>
/// <param name="Track">The track number within the credit (TRACK 01 is 1).</param>
/// <param name="PlayedAt">The displayed play time; DX NET shows Japan time on both sites, so the offset is +09:00.</param>
/// <param name="IsNewRecord">The achievement "NEW RECORD" badge.</param>
/// <param name="IsDxScoreNewRecord">The DX score "NEW RECORD" badge.</param>
/// <param name="MaxDxScore">Null if the page shows no maximum.</param>
/// <param name="DxStars">0 to 5, from dxstar_N.png.</param>
/// <param name="MatchingRank">The place in a multiplayer (sync) play, from 1st.png…4th.png; null when solo.</param>
/// <param name="Idx">The playlogDetail idx; null only if the page offers no detail link.</param>
/// <param name="IsBuddy">An utage Buddy (two-player) chart: its utage badge carries music_utage_buddy.png.</param>
public sealed record RecordEntry(
    int Track,
    DateTimeOffset PlayedAt,
    Difficulty Difficulty,
    ChartType Type,
    string Title,
    Level Level,
    string? JacketUrl,
    Achievement Achievement,
    ScoreRank Rank,
    bool IsNewRecord,
    int DxScore,
    int? MaxDxScore,
    bool IsDxScoreNewRecord,
    int DxStars,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? MatchingRank,
    PlaylogIdx? Idx,
    bool IsBuddy = false);

/// <summary>
/// A playlogDetail idx, "NN,unixtime": NN is the position in the record list, and the second number is the
/// play time in epoch seconds, a stable key for the play.
/// </summary>
public sealed record PlaylogIdx(string Raw, int Position, long UnixTime)
{
    public DateTimeOffset PlayedAt => DateTimeOffset.FromUnixTimeSeconds(UnixTime);

    public static bool TryParse(string? text, out PlaylogIdx? idx)
    {
        idx = null;
        if (text is null)
        {
            return false;
        }

        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0
            || !int.TryParse(text.AsSpan(0, comma), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
            || !long.TryParse(text.AsSpan(comma + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unix)
            || unix <= 0 || unix > 32_503_680_000)
        {
            return false;
        }

        idx = new PlaylogIdx(text, position, unix);
        return true;
    }

    public override string ToString() => Raw;
}
