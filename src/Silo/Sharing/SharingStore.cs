using Maimai.Core.Sharing;
using Maimai.Silo.Storage.Sharing;
using Maimai.Silo.Time;

namespace Maimai.Silo.Sharing;

/// <summary>
/// <see cref="ISharingStore"/> over <see cref="SharingRepository"/>. Deliberately uncached: the public page reads the
/// switches on every request, so a part turned off is gone from the next one on every silo.
/// </summary>
public sealed class SharingStore(SharingRepository sharing, [FromKeyedServices(ServiceClock.Key)] TimeProvider time) : ISharingStore
{
    public Task<SharingSettings> GetAsync(long userId, CancellationToken cancellationToken) => sharing.GetAsync(userId, cancellationToken);

    public Task<SharingSave> SetAsync(long userId, SharingSettings settings, CancellationToken cancellationToken) =>
        sharing.SetAsync(userId, settings, time.GetUtcNow(), cancellationToken);

    public async Task<PublicSharing?> FindPublicAsync(string username, CancellationToken cancellationToken)
    {
        // A profile sharing nothing answers exactly as an unknown name does, so private names cannot be probed.
        var found = await sharing.FindByUsernameAsync(username, cancellationToken);
        return found is { Parts.Any: true } ? found : null;
    }
}
