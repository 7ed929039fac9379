using Maimai.Core.Fetching;

namespace Maimai.Silo.AutoRefresh;

// Core's AutoRefreshStatus crosses the grain's boundary; Core knows nothing of Orleans, so it gets a surrogate.

[GenerateSerializer, Immutable]
internal readonly record struct AutoRefreshStatusSurrogate(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] TimeSpan Interval,
    [property: Id(2)] DateTimeOffset? LastPollAt,
    [property: Id(3)] AutoRefreshOutcome? LastOutcome,
    [property: Id(4)] string? LastMessage,
    [property: Id(5)] string? PausedReason,
    [property: Id(6)] DateTimeOffset? BackoffUntil);

[RegisterConverter]
internal sealed class AutoRefreshStatusConverter : IConverter<AutoRefreshStatus, AutoRefreshStatusSurrogate>
{
    public AutoRefreshStatus ConvertFromSurrogate(in AutoRefreshStatusSurrogate s) =>
        new(s.Enabled, s.Interval, s.LastPollAt, s.LastOutcome, s.LastMessage, s.PausedReason, s.BackoffUntil);

    public AutoRefreshStatusSurrogate ConvertToSurrogate(in AutoRefreshStatus a) =>
        new(a.Enabled, a.Interval, a.LastPollAt, a.LastOutcome, a.LastMessage, a.PausedReason, a.BackoffUntil);
}
