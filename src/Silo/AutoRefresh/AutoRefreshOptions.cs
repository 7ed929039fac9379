namespace Maimai.Silo.AutoRefresh;

/// <summary>Section "AutoRefresh": how players' opt-in polls of their total play count are paced on this silo.</summary>
public sealed class AutoRefreshOptions
{
    public const string SectionName = "AutoRefresh";

    /// <summary>The interval a player gets when they do not choose one. Defaults to 30 minutes.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The shortest interval a player may choose, so polls stay polite. Defaults to 10 minutes.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest interval a player may choose. Defaults to 1 day.</summary>
    public TimeSpan MaximumInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest wait after site errors (the wait doubles with each failed poll up to this). Defaults to 6 hours.</summary>
    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many polls may talk to DX NET at once on this silo. Defaults to 4.</summary>
    public int MaxConcurrentPolls { get; set; } = 4;

    /// <summary>How long a poll waits for one of those slots before it skips this tick. Defaults to 30 seconds.</summary>
    public TimeSpan SlotWait { get; set; } = TimeSpan.FromSeconds(30);
}
