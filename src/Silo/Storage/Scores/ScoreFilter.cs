using Maimai.Core.Game;

namespace Maimai.Silo.Storage.Scores;

/// <summary>
/// Narrows and pages a snapshot's score set. Level bounds apply to the displayed level the region shows
/// (the international override for intl). Paging is keyset: pass the last chart id seen as <see cref="AfterChartId"/>.
/// </summary>
public sealed record ScoreFilter
{
    public Difficulty? Difficulty { get; init; }

    public ChartType? ChartType { get; init; }

    public Level? MinLevel { get; init; }

    public Level? MaxLevel { get; init; }

    /// <summary>Only scores with at least this combo lamp.</summary>
    public ComboLamp? MinComboLamp { get; init; }

    /// <summary>Only scores with at least this sync lamp.</summary>
    public SyncLamp? MinSyncLamp { get; init; }

    public int? AfterChartId { get; init; }

    /// <summary>Page size. Defaults to 500.</summary>
    public int Limit { get; init; } = 500;
}

/// <summary>A score of a snapshot with the chart it belongs to.</summary>
public sealed record SnapshotScore(
    StoredScore Stored,
    int SongId,
    string Title,
    ChartType ChartType,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel);
