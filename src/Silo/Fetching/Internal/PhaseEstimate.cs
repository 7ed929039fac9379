namespace Maimai.Silo.Fetching.Internal;

/// <summary>
/// When a phase should end at the pace it has kept: the pages left times the mean time per page so far. Before
/// the first page there is no pace of its own; a hint (the snapshot's pace, for the detail phase) stands in.
/// </summary>
internal static class PhaseEstimate
{
    public static DateTimeOffset? End(DateTimeOffset since, DateTimeOffset now, int done, int total, TimeSpan? perPageHint)
    {
        if (total <= 0 || done > total)
        {
            return null;
        }

        if (done == total)
        {
            return now;
        }

        var perPage = done > 0 ? (now - since) / done : perPageHint;
        return perPage is { } pace && pace >= TimeSpan.Zero ? now + pace * (total - done) : null;
    }
}
