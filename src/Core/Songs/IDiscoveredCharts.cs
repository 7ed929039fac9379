using Maimai.Core.Accounts;
using Maimai.Core.Game;

namespace Maimai.Core.Songs;

/// <summary>
/// The queue of charts fetches met that the songs database lacked. An entry leaves it when an admin completes it
/// (fills its fields and clears "discovered" on the chart and its song, through <see cref="ISongEditor"/>) or merges
/// it into the chart it really is. A merge moves every score version and recent play onto that chart in one
/// transaction; it is audited under the target's song and reverted from that song's history.
/// </summary>
public interface IDiscoveredCharts
{
    /// <summary>Every chart that is discovered or belongs to a discovered song, oldest first, with what names it.</summary>
    Task<IReadOnlyList<DiscoveredEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves the discovered chart's score versions and plays to <paramref name="targetChartId"/> and removes it (and
    /// its discovered song once that has no chart left). Refused, with nothing written, when the target is not the
    /// same type and difficulty, is itself discovered, or a player has a version on both charts in one snapshot.
    /// </summary>
    Task<SongEditResult> MergeAsync(int discoveredChartId, int targetChartId, AuditActor actor, CancellationToken cancellationToken);
}

/// <summary>A queue entry: the chart, its song, which of the two is incomplete, and how many players, score versions and plays name it.</summary>
public sealed record DiscoveredEntry(
    int ChartId, int SongId, string Title, string Genre, ChartType Type, Difficulty Difficulty, Level Level,
    bool SongDiscovered, bool ChartDiscovered, int Players, int ScoreVersions, int Plays);
