using Maimai.Core.Fetching;
using Maimai.Core.Game;

namespace Maimai.Silo.Fetching.Internal;

// Core's fetch types cross the UserRegionGrain's boundary; Core knows nothing of Orleans, so each gets a surrogate
// (Orleans' way to serialize a type it does not own): a field-for-field copy and a converter.

[GenerateSerializer, Immutable]
internal readonly record struct FetchStatusSurrogate(
    [property: Id(0)] long Id,
    [property: Id(1)] long UserId,
    [property: Id(2)] Region Region,
    [property: Id(3)] FetchState State,
    [property: Id(4)] FetchStage? Stage,
    [property: Id(5)] int PagesDone,
    [property: Id(6)] int PagesTotal,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? StartedAt,
    [property: Id(9)] DateTimeOffset? FinishedAt,
    [property: Id(10)] long? SnapshotId,
    [property: Id(11)] FetchErrorCode ErrorCode,
    [property: Id(12)] string? ErrorMessage,
    [property: Id(13)] int WarningCount,
    [property: Id(14)] string? PagesRequested,
    [property: Id(15)] DateTimeOffset? SnapshotAt,
    [property: Id(16)] int DetailDone,
    [property: Id(17)] int DetailTotal,
    [property: Id(18)] DateTimeOffset? SnapshotExpectedAt,
    [property: Id(19)] DateTimeOffset? DetailExpectedAt);

[RegisterConverter]
internal sealed class FetchStatusConverter : IConverter<FetchStatus, FetchStatusSurrogate>
{
    public FetchStatus ConvertFromSurrogate(in FetchStatusSurrogate s) => new(
        s.Id, s.UserId, s.Region, s.State, s.Stage, s.PagesDone, s.PagesTotal, s.CreatedAt, s.StartedAt, s.FinishedAt, s.SnapshotId, s.ErrorCode, s.ErrorMessage,
        s.WarningCount, s.PagesRequested is null ? null : PagesRequested.Parse(s.PagesRequested),
        s.SnapshotAt, s.DetailDone, s.DetailTotal, s.SnapshotExpectedAt, s.DetailExpectedAt);

    public FetchStatusSurrogate ConvertToSurrogate(in FetchStatus f) => new(
        f.Id, f.UserId, f.Region, f.State, f.Stage, f.PagesDone, f.PagesTotal, f.CreatedAt, f.StartedAt, f.FinishedAt, f.SnapshotId, f.ErrorCode, f.ErrorMessage,
        f.WarningCount, f.PagesRequested?.ToString(), f.SnapshotAt, f.DetailDone, f.DetailTotal, f.SnapshotExpectedAt, f.DetailExpectedAt);
}

[GenerateSerializer, Immutable]
internal readonly record struct StartedSurrogate([property: Id(0)] FetchStatus Fetch);

[RegisterConverter]
internal sealed class StartedConverter : IConverter<StartFetchOutcome.Started, StartedSurrogate>
{
    public StartFetchOutcome.Started ConvertFromSurrogate(in StartedSurrogate s) => new(s.Fetch);

    public StartedSurrogate ConvertToSurrogate(in StartFetchOutcome.Started o) => new(o.Fetch);
}

[GenerateSerializer, Immutable]
internal readonly record struct AlreadyRunningSurrogate([property: Id(0)] FetchStatus Fetch);

[RegisterConverter]
internal sealed class AlreadyRunningConverter : IConverter<StartFetchOutcome.AlreadyRunning, AlreadyRunningSurrogate>
{
    public StartFetchOutcome.AlreadyRunning ConvertFromSurrogate(in AlreadyRunningSurrogate s) => new(s.Fetch);

    public AlreadyRunningSurrogate ConvertToSurrogate(in StartFetchOutcome.AlreadyRunning o) => new(o.Fetch);
}

[GenerateSerializer, Immutable]
internal readonly record struct RateLimitedSurrogate([property: Id(0)] DateTimeOffset NextAllowedAt, [property: Id(1)] TimeSpan RetryAfter);

[RegisterConverter]
internal sealed class RateLimitedConverter : IConverter<StartFetchOutcome.RateLimited, RateLimitedSurrogate>
{
    public StartFetchOutcome.RateLimited ConvertFromSurrogate(in RateLimitedSurrogate s) => new(s.NextAllowedAt, s.RetryAfter);

    public RateLimitedSurrogate ConvertToSurrogate(in StartFetchOutcome.RateLimited o) => new(o.NextAllowedAt, o.RetryAfter);
}

[GenerateSerializer, Immutable]
internal readonly record struct TokenNotSetSurrogate;

[RegisterConverter]
internal sealed class TokenNotSetConverter : IConverter<StartFetchOutcome.TokenNotSet, TokenNotSetSurrogate>
{
    public StartFetchOutcome.TokenNotSet ConvertFromSurrogate(in TokenNotSetSurrogate s) => new();

    public TokenNotSetSurrogate ConvertToSurrogate(in StartFetchOutcome.TokenNotSet o) => default;
}

[GenerateSerializer, Immutable]
internal readonly record struct RegionUnavailableSurrogate([property: Id(0)] string Reason);

[RegisterConverter]
internal sealed class RegionUnavailableConverter : IConverter<StartFetchOutcome.RegionUnavailable, RegionUnavailableSurrogate>
{
    public StartFetchOutcome.RegionUnavailable ConvertFromSurrogate(in RegionUnavailableSurrogate s) => new(s.Reason);

    public RegionUnavailableSurrogate ConvertToSurrogate(in StartFetchOutcome.RegionUnavailable o) => new(o.Reason);
}
