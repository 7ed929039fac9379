using System.Globalization;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Retention;

/// <summary>Which snapshots of one user and region <see cref="RetentionOptions"/> lets go, at a given time.</summary>
public static class RetentionPolicy
{
    /// <summary>
    /// The ids to delete. Within a day (or week) the newest snapshot stays, so thinning again later keeps what it
    /// kept before: the newest of a week is the newest of its day.
    /// </summary>
    public static IReadOnlyList<long> ToDelete(IReadOnlyList<SnapshotSummary> snapshots, DateTimeOffset now, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(options);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var latest = snapshots.MaxBy(s => s.Seq)!.Id;
        var kept = new HashSet<long> { latest };
        var buckets = new Dictionary<string, SnapshotSummary>();
        foreach (var snapshot in snapshots)
        {
            var age = now - snapshot.TakenAt;
            if (age < options.KeepAllFor)
            {
                kept.Add(snapshot.Id);
                continue;
            }

            var day = snapshot.TakenAt.UtcDateTime;
            var bucket = age < options.KeepDailyFor
                ? "d" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : "w" + ISOWeek.GetYear(day).ToString(CultureInfo.InvariantCulture) + "-" + ISOWeek.GetWeekOfYear(day).ToString(CultureInfo.InvariantCulture);
            if (!buckets.TryGetValue(bucket, out var newest) || snapshot.Seq > newest.Seq)
            {
                buckets[bucket] = snapshot;
            }
        }

        kept.UnionWith(buckets.Values.Select(s => s.Id));
        return [.. snapshots.Where(s => !kept.Contains(s.Id)).Select(s => s.Id)];
    }
}
