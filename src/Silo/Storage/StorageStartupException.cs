namespace Maimai.Silo.Storage;

/// <summary>
/// Storage cannot be used as configured. The message is one line that says what to fix; start-up prints it
/// and exits non-zero instead of a stack trace.
/// </summary>
public sealed class StorageStartupException : Exception
{
    public StorageStartupException(string message)
        : base(message)
    {
    }

    public StorageStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
