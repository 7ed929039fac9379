using Maimai.Core.Game;

namespace Maimai.Core.Snapshots;

/// <summary>
/// A user's history in one region, read without whole score sets: one chart's versions, plays per day and FAST/LATE
/// over recent plays. Scoped by <c>userId</c> like <see cref="ISnapshotQueries"/>: another user's data never answers.
/// </summary>
public interface IHistoryQueries
{
    /// <summary>Every stored version of the user's score on the chart, oldest first; empty when they have none.</summary>
    Task<IReadOnlyList<ChartScoreVersion>> GetChartHistoryAsync(long userId, Region region, int chartId, CancellationToken cancellationToken);

    /// <summary>Plays per day from <paramref name="days"/>'s first day to its last, inclusive.</summary>
    Task<PlayActivity> GetPlayActivityAsync(long userId, Region region, DayRange days, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="lastPlays"/> plays' FAST/LATE counts, newest first.</summary>
    Task<IReadOnlyList<PlayTiming>> GetPlayTimingsAsync(long userId, Region region, int lastPlays, CancellationToken cancellationToken);
}

/// <summary>One version of a chart's score, with the snapshot it first appeared in.</summary>
public sealed record ChartScoreVersion(
    long SnapshotId,
    int SnapshotSeq,
    DateTimeOffset TakenAt,
    Achievement Achievement,
    int DxScore,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int? PlayCount);

/// <summary>Days from <see cref="First"/> to <see cref="Last"/> inclusive, in a zone <see cref="Offset"/> from UTC.</summary>
public sealed record DayRange(DateOnly First, DateOnly Last, TimeSpan Offset)
{
    /// <summary>The instant <see cref="First"/> starts.</summary>
    public DateTimeOffset Start => new(First.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The instant after <see cref="Last"/> ends.</summary>
    public DateTimeOffset End => new(Last.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The day an instant falls on in this zone.</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public bool Contains(DateOnly day) => day >= First && day <= Last;
}

/// <summary>A snapshot's total play count (null when DX NET did not show it).</summary>
public sealed record PlayCountAt(DateTimeOffset TakenAt, int? TotalPlayCount);

/// <summary>One stored play's FAST/LATE counts (null when its detail had none).</summary>
public sealed record PlayTiming(DateTimeOffset PlayedAt, int Track, int? Fast, int? Late);
