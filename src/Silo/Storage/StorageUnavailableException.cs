namespace Maimai.Silo.Storage;

/// <summary>
/// The database was away for the moment (<see cref="StorageFailures.IsTransient"/>), as a grain call reports it to
/// its caller: Orleans cannot carry the providers' own exceptions (PostgresException has no codec) from one silo to
/// another, so the cluster's call filter turns them into this.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
