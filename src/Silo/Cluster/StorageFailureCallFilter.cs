using Maimai.Silo.Storage;

namespace Maimai.Silo.Cluster;

/// <summary>
/// Turns a grain call that failed because the database was away into a <see cref="StorageUnavailableException"/>, so
/// the caller on any silo can still tell "try again" (UNAVAILABLE) from a failure (the provider's own exception does
/// not survive the trip between silos).
/// </summary>
internal sealed class StorageFailureCallFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not StorageUnavailableException && StorageFailures.IsTransient(e))
        {
            throw new StorageUnavailableException("The database is unavailable for the moment: " + e.Message);
        }
    }
}
