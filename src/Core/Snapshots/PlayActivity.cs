namespace Maimai.Core.Snapshots;

/// <summary>Where a day's play count comes from.</summary>
public enum PlayCountSource
{
    /// <summary>Counted from the stored recent plays' times.</summary>
    RecentPlays = 1,

    /// <summary>The difference of two snapshots' total play counts taken the same day.</summary>
    PlayCounts = 2,

    /// <summary>Some plays of each kind.</summary>
    Both = 3,
}

/// <summary>The plays (credits) of one day.</summary>
public sealed record PlayDay(DateOnly Date, int Plays, PlayCountSource Source);

/// <summary>Plays the total play counts show between two snapshots, in a span of days they cannot be split over.</summary>
public sealed record PlaySpan(DateOnly From, DateOnly To, int Plays);

/// <summary>Plays per day (days with plays only, oldest first) and the plays that fit no single day.</summary>
public sealed record PlayActivity(IReadOnlyList<PlayDay> Days, IReadOnlyList<PlaySpan> Spans)
{
    /// <summary>
    /// Counts plays as DX NET's total play count does: credits, each up to four tracks. A stored credit counts on the
    /// day of its first stored track. Then, between each two snapshots whose total play counts are both known, the
    /// credits the count gained beyond those stored: DX NET lists only the newest tracks, so those came after the
    /// earlier snapshot and before the earliest stored credit in between. When that window lies in one day they count
    /// on it; otherwise they become a span. Nothing is guessed onto a day it may not belong to.
    /// </summary>
    /// <param name="days">The days asked for.</param>
    /// <param name="snapshots">Snapshots in time order, including the last one before and the first one after the range.</param>
    /// <param name="tracks">Stored plays (time and track number) in time order, at least from the first snapshot to the last.</param>
    public static PlayActivity Compute(DayRange days, IReadOnlyList<PlayCountAt> snapshots, IReadOnlyList<(DateTimeOffset PlayedAt, int Track)> tracks)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(tracks);

        // A credit starts at track 1, or wherever the track number does not rise (its first tracks were not stored).
        var credits = new List<DateTimeOffset>();
        for (var i = 0; i < tracks.Count; i++)
        {
            if (i == 0 || tracks[i].Track <= tracks[i - 1].Track)
            {
                credits.Add(tracks[i].PlayedAt);
            }
        }

        var listed = new SortedDictionary<DateOnly, int>();
        var counted = new SortedDictionary<DateOnly, int>();
        foreach (var time in credits)
        {
            var day = days.DayOf(time);
            if (days.Contains(day))
            {
                listed[day] = listed.GetValueOrDefault(day) + 1;
            }
        }

        var spans = new List<PlaySpan>();
        for (var i = 1; i < snapshots.Count; i++)
        {
            var (before, after) = (snapshots[i - 1], snapshots[i]);
            if (before.TotalPlayCount is not { } from || after.TotalPlayCount is not { } to || to <= from)
            {
                continue;
            }

            // Play times are whole seconds; a play is in the window when after the earlier snapshot and not after the later.
            var inWindow = credits.Where(t => t > before.TakenAt && t <= after.TakenAt).ToList();
            var unlisted = to - from - inWindow.Count;
            if (unlisted <= 0)
            {
                continue;
            }

            var first = days.DayOf(before.TakenAt);
            var last = days.DayOf(inWindow.Count > 0 ? inWindow.Min() : after.TakenAt);
            if (first == last)
            {
                if (days.Contains(first))
                {
                    counted[first] = counted.GetValueOrDefault(first) + unlisted;
                }
            }
            else if (first <= days.Last && last >= days.First)
            {
                spans.Add(new PlaySpan(first, last, unlisted));
            }
        }

        var all = listed.Keys.Union(counted.Keys).Order().Select(day =>
        {
            var fromPlays = listed.GetValueOrDefault(day);
            var fromCounts = counted.GetValueOrDefault(day);
            var source = fromPlays > 0 && fromCounts > 0 ? PlayCountSource.Both
                : fromPlays > 0 ? PlayCountSource.RecentPlays : PlayCountSource.PlayCounts;
            return new PlayDay(day, fromPlays + fromCounts, source);
        });
        return new PlayActivity([.. all], spans);
    }
}
