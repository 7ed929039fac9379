namespace Maimai.Core.Fetching;

/// <summary>What asking for a fetch led to.</summary>
public abstract record StartFetchOutcome
{
    private StartFetchOutcome()
    {
    }

    /// <summary>A new fetch was accepted.</summary>
    public sealed record Started(FetchStatus Fetch) : StartFetchOutcome;

    /// <summary>A fetch of this user and region was already pending or running: that one, no second one.</summary>
    public sealed record AlreadyRunning(FetchStatus Fetch) : StartFetchOutcome;

    /// <summary>Inside the rate limit (one fetch a minute per user and region): retry at <paramref name="NextAllowedAt"/>.</summary>
    public sealed record RateLimited(DateTimeOffset NextAllowedAt, TimeSpan RetryAfter) : StartFetchOutcome;

    /// <summary>The user has saved no maimai DX NET token for the region.</summary>
    public sealed record TokenNotSet : StartFetchOutcome;

    /// <summary>No scraper plugin serves the region on this node.</summary>
    public sealed record RegionUnavailable(string Reason) : StartFetchOutcome;
}
