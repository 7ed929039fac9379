using Maimai.Core.Fetching;

namespace Maimai.Silo.AutoRefresh;

/// <summary>
/// One player's auto-refresh on one region (key: the user id, extended with the region's name, as the
/// UserRegion grain's): owns the "auto-refresh" reminder, and on each tick polls the play count and asks the
/// UserRegion grain for a fetch when it moved.
/// </summary>
public interface IAutoRefreshGrain : IGrainWithIntegerCompoundKey, IRemindable
{
    /// <summary>The schedule and its last poll; a pause ends here once a newer token was saved.</summary>
    Task<AutoRefreshStatus> GetAsync();

    /// <summary>Turns it on (registering the reminder, clearing a pause and any back-off) or off (removing the reminder).</summary>
    Task<AutoRefreshStatus> SetAsync(bool enabled, TimeSpan interval);
}
