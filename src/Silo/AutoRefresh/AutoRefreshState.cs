using Maimai.Core.Fetching;

namespace Maimai.Silo.AutoRefresh;

/// <summary>What an <see cref="AutoRefreshGrain"/> persists (grain storage "maimai", state "autoRefresh"); no secret in it.</summary>
[GenerateSerializer]
public sealed class AutoRefreshState
{
    [Id(0)]
    public bool Enabled { get; set; }

    /// <summary>The player's interval; null until they turn it on (the default applies).</summary>
    [Id(1)]
    public TimeSpan? Interval { get; set; }

    [Id(2)]
    public DateTimeOffset? LastPollAt { get; set; }

    [Id(3)]
    public AutoRefreshOutcome? LastOutcome { get; set; }

    [Id(4)]
    public string? LastMessage { get; set; }

    /// <summary>Why polls stopped; null when they run.</summary>
    [Id(5)]
    public string? PausedReason { get; set; }

    /// <summary>When they stopped: a token saved after this ends the pause.</summary>
    [Id(6)]
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Site errors in a row; each doubles the wait.</summary>
    [Id(7)]
    public int FailedPolls { get; set; }

    [Id(8)]
    public DateTimeOffset? BackoffUntil { get; set; }
}
