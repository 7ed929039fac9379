using Maimai.Core.Game;
using Maimai.Core.Players;

namespace Maimai.Core.Snapshots;

/// <summary>A snapshot in a list. Ratings and play count are 0 when the profile did not show them.</summary>
public sealed record SnapshotSummary(long Id, Region Region, int Seq, DateTimeOffset TakenAt, int Rating, int SiteRating, int TotalPlayCount);

/// <summary>A snapshot: the player's profile as DX NET showed it, and our rating (null when it could not be computed).</summary>
public sealed record SnapshotDetail(long Id, Region Region, int Seq, DateTimeOffset TakenAt, long? FetchId, int? Rating, PlayerProfile Profile);

/// <summary>
/// A chart's best score as of a snapshot, with the chart and song it belongs to (levels as the songs database has them
/// for the region). <see cref="SiteLevel"/> is the level DX NET displayed beside the score; null when not kept.
/// </summary>
public sealed record ListedScore(
    int ChartId,
    int SongId,
    string Title,
    string Artist,
    string Genre,
    ChartType ChartType,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel,
    Achievement Achievement,
    int DxScore,
    int? DxScoreMax,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? PlayCount,
    DateTimeOffset? LastPlayedAt,
    Level? SiteLevel = null);

/// <summary>Narrows a snapshot's scores. Empty sets and nulls mean any; the level is the region's displayed level.</summary>
public sealed record ScoreQuery
{
    public IReadOnlySet<Difficulty> Difficulties { get; init; } = new HashSet<Difficulty>();

    public ChartType? ChartType { get; init; }

    public Level? MinLevel { get; init; }

    public Level? MaxLevel { get; init; }

    public IReadOnlySet<ComboLamp> ComboLamps { get; init; } = new HashSet<ComboLamp>();

    public IReadOnlySet<SyncLamp> SyncLamps { get; init; } = new HashSet<SyncLamp>();
}

/// <summary>
/// Where a page of scores ends: the last score's sort key (level descending, then title, chart type,
/// difficulty and chart id), and where the snapshot's score set lies, so the next page need not look it up again.
/// </summary>
public sealed record ScoreCursor(int LevelTenths, string Title, ChartType ChartType, Difficulty Difficulty, int ChartId, ScoreSetPosition? Set = null);

/// <summary>A snapshot's region and sequence number: its score set is, per chart, the newest version at or before Seq.</summary>
public sealed record ScoreSetPosition(Region Region, int Seq);

/// <summary>A page of a snapshot's scores and the cursor of the next page (null on the last page).</summary>
public sealed record ScorePage(IReadOnlyList<ListedScore> Scores, ScoreCursor? Next);

/// <summary>Judgement counts for one note type; a count is null when DX NET left its cell empty.</summary>
public sealed record PlayJudgementCounts(int? CriticalPerfect, int? Perfect, int? Great, int? Good, int? Miss);

/// <summary>
/// One play from the record page with its detail. The chart fields are null when the chart is not in the songs database.
/// DetailPending: its detail page is not read yet, so the detail fields (venue to the judgements) are null.
/// IsBuddy: played on an utage Buddy (two-player) chart.
/// </summary>
public sealed record RecordedPlay(
    DateTimeOffset PlayedAt,
    int Track,
    int? ChartId,
    string Title,
    ChartType ChartType,
    Difficulty Difficulty,
    Level? Level,
    Achievement Achievement,
    bool IsNewRecord,
    int DxScore,
    int? DxScoreMax,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? MatchingRank,
    string? Venue,
    int? Fast,
    int? Late,
    int? MaxCombo,
    int? MaxComboTotal,
    int? MaxSync,
    int? MaxSyncTotal,
    int? RatingChange,
    PlayJudgementCounts? Tap,
    PlayJudgementCounts? Hold,
    PlayJudgementCounts? Slide,
    PlayJudgementCounts? Touch,
    PlayJudgementCounts? Break,
    int DxStars = 0,
    bool DetailPending = false,
    bool IsBuddy = false);

/// <summary>Where a page of plays ends: the last play's time (unix seconds) and track, newest first.</summary>
public sealed record PlayCursor(long PlayedAtUnixSeconds, int Track);

/// <summary>A page of plays and the cursor of the next page (null on the last page).</summary>
public sealed record PlayPage(IReadOnlyList<RecordedPlay> Plays, PlayCursor? Next);

/// <summary>One point of a history: the values as of one snapshot; <see cref="Achievement"/> only in a chart's series, null before it was played.</summary>
public sealed record RatingPoint(DateTimeOffset TakenAt, long SnapshotId, int Rating, int SiteRating, Achievement? Achievement);

/// <summary>A time range: from inclusive, to exclusive; null bounds are open.</summary>
public sealed record TakenRange(DateTimeOffset? From, DateTimeOffset? To)
{
    public static TakenRange All { get; } = new(null, null);

    public bool Contains(DateTimeOffset at) => (From is not { } from || at >= from) && (To is not { } to || at < to);
}
