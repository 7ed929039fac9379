using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// One chart's score as DX NET shows it at one moment. <see cref="SiteLevel"/> is the level the score list displayed
/// beside it; null when not read (versions stored before it was kept).
/// </summary>
public sealed record ChartScore(
    int ChartId,
    Achievement Achievement,
    int DxScore,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? PlayCount,
    DateTimeOffset? LastPlayedAt,
    Level? SiteLevel = null)
{
    /// <summary>The same score, whatever level the site displayed beside either.</summary>
    public bool SameScore(ChartScore other) =>
        other is not null && this with { SiteLevel = null } == other with { SiteLevel = null };
}

/// <summary>A chart score as stored: the version in force for the snapshot read, and the seq of the snapshot it first appeared in.</summary>
public sealed record StoredScore(ChartScore Score, int SinceSnapshotSeq);

/// <summary>
/// What one fetch saw: the profile and the full score list, with our rating computed from them (null when it could
/// not be). Charts must already exist in the songs database.
/// </summary>
public sealed record SnapshotWrite(
    long UserId,
    Region Region,
    DateTimeOffset TakenAt,
    long? FetchId,
    PlayerProfile Profile,
    IReadOnlyList<ChartScore> Scores,
    int? Rating = null);

/// <summary>The written snapshot: its id, its per-user-region sequence number, and how many score versions it added.</summary>
public sealed record SnapshotWriteResult(long SnapshotId, int Seq, int ScoreVersionsWritten);

/// <summary>A stored snapshot without its scores: the profile DX NET showed and our rating beside it.</summary>
public sealed record Snapshot(
    long Id,
    long UserId,
    Region Region,
    int Seq,
    DateTimeOffset TakenAt,
    long? FetchId,
    PlayerProfile Profile,
    int? Rating = null);

/// <summary>
/// One score of a ListScores page as the listing index holds it: the chart's listing key in the snapshot's region
/// (kept equal to the songs database's by ScoreListingKeys) and the score.
/// </summary>
public sealed record ListedVersion(Level Level, string Title, ChartType ChartType, Difficulty Difficulty, ChartScore Score);

/// <summary>A page of <see cref="ListedVersion"/>s and the cursor after its last one, when more match.</summary>
public sealed record ListedVersionPage(IReadOnlyList<ListedVersion> Scores, ScoreCursor? Next);

/// <summary>One row of user_scores to insert.</summary>
public sealed record ScoreVersionRow(long UserId, Region Region, int SnapshotSeq, long SnapshotId, ChartScore Score)
{
    public const int ColumnCount = 12;

    /// <summary>The columns a version is inserted with (ScoreListingKeys adds its listing key).</summary>
    public const string Columns =
        "user_id, region, chart_id, snapshot_seq, snapshot_id, achievement, dx_score, combo_lamp, sync_lamp, play_count, last_played_at, site_level_x10";

    public int ChartId => Score.ChartId;

    /// <summary>The column values in <see cref="Columns"/> order.</summary>
    public object?[] Values() =>
    [
        UserId, (int)Region, Score.ChartId, SnapshotSeq, SnapshotId, Score.Achievement.TenThousandths,
        Score.DxScore, (int)Score.ComboLamp, (int)Score.SyncLamp, Score.PlayCount, Score.LastPlayedAt,
        Score.SiteLevel?.Tenths,
    ];
}
