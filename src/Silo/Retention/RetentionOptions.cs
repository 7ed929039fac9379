namespace Maimai.Silo.Retention;

/// <summary>
/// Section "Retention": the optional thinning of old snapshots. Off by default: every snapshot is kept forever.
/// When on, a snapshot younger than <see cref="KeepAllFor"/> is kept; up to <see cref="KeepDailyFor"/> old, the
/// newest of each UTC day; older, the newest of each ISO week. A region's latest snapshot is always kept.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Whether thinning runs. Defaults to false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Every snapshot younger than this is kept. Defaults to 90 days.</summary>
    public TimeSpan KeepAllFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Up to this age one snapshot a day is kept; after it, one a week. Defaults to 365 days.</summary>
    public TimeSpan KeepDailyFor { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How often the reminder thins (an Orleans reminder: at least a minute). Defaults to 1 day.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
}
