namespace Maimai.Silo.Fetching;

/// <summary>
/// What a <see cref="UserRegionGrain"/> persists (grain storage "maimai"): the rate limit, the active fetch and
/// what the last fetch learned. The database's own rows stay the last line of defence (see UserRegionGrain).
/// The DX NET session cookies are not here: they stay encrypted with the token in user_tokens, and grain state is
/// stored unencrypted.
/// </summary>
[GenerateSerializer]
public sealed class UserRegionState
{
    /// <summary>No fetch may start before this (the last start plus Fetching:RateLimit).</summary>
    [Id(0)]
    public DateTimeOffset? NextFetchAllowedAt { get; set; }

    /// <summary>The fetch pending or running, as far as this grain knows.</summary>
    [Id(1)]
    public long? ActiveFetchId { get; set; }

    /// <summary>The last fetch that ended, and how.</summary>
    [Id(2)]
    public long? LastFetchId { get; set; }

    [Id(3)]
    public bool LastFetchCompleted { get; set; }

    /// <summary>The total play count the last completed fetch saw on the site (unchanged next time: nothing new to read).</summary>
    [Id(4)]
    public int? LastPlayCountTotal { get; set; }
}
