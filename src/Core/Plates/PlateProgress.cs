using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;

namespace Maimai.Core.Plates;

/// <summary>One chart a plate counts, with its best score as of the snapshot (null when unplayed).</summary>
public sealed record PlateChart(int ChartId, int SongId, string Title, ChartType Type, Difficulty Difficulty, Level Level, PlateScore? Score);

/// <summary>How far a player is on one plate: how many counted charts meet it, and the ones that do not yet.</summary>
public sealed record PlateProgress(PlateGroup Group, PlateKind Kind, int Done, int Total, IReadOnlyList<PlateChart> Missing)
{
    /// <summary>The plate's name as the game prints it (真極, 熊舞舞).</summary>
    public string Name => Group.Name + Kind.Suffix();

    /// <summary>Every counted chart meets the plate. A group with no counted chart on the region is never complete.</summary>
    public bool IsComplete => Total > 0 && Done == Total;
}

/// <summary>Plate progress from a snapshot's scores and the songs database. Pure: the same input gives the same output.</summary>
public static class PlateCheck
{
    /// <summary>
    /// Progress on every plate of every group, in <see cref="PlateGroup.All"/> then <see cref="PlateKind"/> order.
    /// A group counts the region's songs (utage excluded) whose version on the region it spans; missing charts are
    /// listed hardest first (level descending, then title, type, difficulty, chart id).
    /// </summary>
    public static IReadOnlyList<PlateProgress> For(SongLibrary library, Region region, IEnumerable<ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(scores);
        var best = new Dictionary<int, PlateScore>();
        foreach (var score in scores)
        {
            best[score.ChartId] = new PlateScore(score.Achievement, score.ComboLamp, score.SyncLamp);
        }

        var progress = new List<PlateProgress>();
        foreach (var group in PlateGroup.All)
        {
            var counted = Counted(library, region, group, best);
            foreach (var kind in group.Kinds)
            {
                progress.Add(Measure(group, kind, counted));
            }
        }

        return progress;
    }

    /// <summary>The charts a group counts on a region, hardest first, each with its best score.</summary>
    public static IReadOnlyList<PlateChart> Counted(SongLibrary library, Region region, PlateGroup group, IReadOnlyDictionary<int, PlateScore> best)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(best);
        var charts = new List<PlateChart>();
        foreach (var song in library.Songs)
        {
            if (song.Utage is not null || !song.IsIn(region)
                || !GameVersion.TryFromVersionCode(song.VersionIn(region), out var version) || !group.Spans(version))
            {
                continue;
            }

            foreach (var chart in song.Charts)
            {
                if (group.Counts(chart.Type, chart.Difficulty))
                {
                    var score = best.TryGetValue(chart.Id, out var s) ? s : (PlateScore?)null;
                    charts.Add(new PlateChart(chart.Id, song.Id, song.Title, chart.Type, chart.Difficulty, chart.LevelIn(region), score));
                }
            }
        }

        charts.Sort(Hardest);
        return charts;
    }

    /// <summary>One plate's progress over already-counted charts.</summary>
    public static PlateProgress Measure(PlateGroup group, PlateKind kind, IReadOnlyList<PlateChart> counted)
    {
        ArgumentNullException.ThrowIfNull(counted);
        var missing = counted.Where(c => !kind.IsMetBy(c.Score)).ToArray();
        return new PlateProgress(group, kind, counted.Count - missing.Length, counted.Count, missing);
    }

    private static int Hardest(PlateChart a, PlateChart b)
    {
        var order = b.Level.CompareTo(a.Level);
        order = order != 0 ? order : string.CompareOrdinal(a.Title, b.Title);
        order = order != 0 ? order : a.Type.CompareTo(b.Type);
        order = order != 0 ? order : a.Difficulty.CompareTo(b.Difficulty);
        return order != 0 ? order : a.ChartId.CompareTo(b.ChartId);
    }
}
