namespace Maimai.Core.Sharing;

/// <summary>
/// Players' sharing settings. Read from storage on every call, never cached: a part turned off is hidden from the
/// very next public request.
/// </summary>
public interface ISharingStore
{
    /// <summary>The user's settings; <see cref="SharingSettings.Private"/> when they never chose any.</summary>
    Task<SharingSettings> GetAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Replaces the user's settings; the username must already be in its stored form (<see cref="Username.Normalize"/>).</summary>
    Task<SharingSave> SetAsync(long userId, SharingSettings settings, CancellationToken cancellationToken);

    /// <summary>The profile with this username (any letter case) when it shares at least one part; otherwise null.</summary>
    Task<PublicSharing?> FindPublicAsync(string username, CancellationToken cancellationToken);
}
