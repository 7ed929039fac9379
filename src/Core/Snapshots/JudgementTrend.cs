namespace Maimai.Core.Snapshots;

/// <summary>FAST and LATE over a group of plays; <see cref="Date"/> is set when grouped by day.</summary>
public sealed record JudgementPoint(DateOnly? Date, DateTimeOffset From, DateTimeOffset To, int Plays, int Fast, int Late)
{
    /// <summary>fast / (fast + late) in thousandths, rounded half up; 500 when both are 0.</summary>
    public int FastSharePerMille => Fast + Late == 0 ? 500 : ((Fast * 1000) + ((Fast + Late) / 2)) / (Fast + Late);
}

/// <summary>FAST/LATE points oldest first, their sum (null when no play had counts), and the plays without counts.</summary>
public sealed record JudgementTrend(IReadOnlyList<JudgementPoint> Points, JudgementPoint? Total, int PlaysWithoutCounts)
{
    /// <summary>One point per day in the zone <paramref name="offset"/> from UTC.</summary>
    public static JudgementTrend ByDay(IEnumerable<PlayTiming> plays, TimeSpan offset) =>
        Build(plays, timed => timed
            .GroupBy(p => DateOnly.FromDateTime(p.PlayedAt.ToOffset(offset).DateTime))
            .Select(g => Point(g.Key, g.ToList())));

    /// <summary>
    /// One point per <paramref name="playsPerPoint"/> plays, counted back from the newest so the newest point is whole
    /// (the oldest may be short).
    /// </summary>
    public static JudgementTrend ByPlays(IEnumerable<PlayTiming> plays, int playsPerPoint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(playsPerPoint, 1);
        return Build(plays, timed =>
        {
            var head = timed.Count % playsPerPoint;
            return timed
                .Select((p, i) => (Play: p, Group: i < head ? -1 : (i - head) / playsPerPoint))
                .GroupBy(x => x.Group)
                .Select(g => Point(null, [.. g.Select(x => x.Play)]));
        });
    }

    private static JudgementTrend Build(IEnumerable<PlayTiming> plays, Func<List<PlayTiming>, IEnumerable<JudgementPoint>> group)
    {
        ArgumentNullException.ThrowIfNull(plays);
        var all = plays.OrderBy(p => p.PlayedAt).ThenBy(p => p.Track).ToList();
        var timed = all.Where(p => p.Fast is not null && p.Late is not null).ToList();
        var points = group(timed).ToList();
        return new JudgementTrend(points, timed.Count == 0 ? null : Point(null, timed), all.Count - timed.Count);
    }

    private static JudgementPoint Point(DateOnly? date, List<PlayTiming> plays) =>
        new(date, plays[0].PlayedAt, plays[^1].PlayedAt, plays.Count, plays.Sum(p => p.Fast ?? 0), plays.Sum(p => p.Late ?? 0));
}
