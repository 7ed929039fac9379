namespace Maimai.Silo.Grains;

/// <summary>A call the grain runtime refused or gave up on; the grain's own exceptions pass through unwrapped.</summary>
public abstract class GrainRuntimeException : Exception
{
    protected GrainRuntimeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>Too many activations are alive: the call was rejected at once. Maps to gRPC UNAVAILABLE.</summary>
public sealed class GrainActivationLimitException(int maxActivations)
    : GrainRuntimeException($"The grain runtime already holds its maximum of {maxActivations} activations; try again later.")
{
    public int MaxActivations { get; } = maxActivations;
}

/// <summary>The grain's mailbox is full: the call was rejected at once. Maps to gRPC RESOURCE_EXHAUSTED.</summary>
public sealed class GrainMailboxFullException(string grain, int maxMailboxDepth)
    : GrainRuntimeException($"The mailbox of {grain} is full ({maxMailboxDepth} calls queued); try again later.")
{
    public int MaxMailboxDepth { get; } = maxMailboxDepth;
}

/// <summary>The caller's deadline passed before the call completed; a call still queued was dropped. Maps to gRPC DEADLINE_EXCEEDED.</summary>
public sealed class GrainDeadlineExceededException(DateTimeOffset deadline)
    : GrainRuntimeException($"The call's deadline ({deadline:O}) passed before the grain answered.")
{
    public DateTimeOffset Deadline { get; } = deadline;
}

/// <summary>The runtime is shutting down and takes no new calls, or gave up on this one. Maps to gRPC UNAVAILABLE.</summary>
public sealed class GrainRuntimeStoppingException()
    : GrainRuntimeException("The grain runtime is shutting down; try another node or try again later.");

/// <summary>The grain could not be created, or its OnActivateAsync threw; the next call tries a fresh activation.</summary>
public sealed class GrainActivationFailedException(string grain, Exception innerException)
    : GrainRuntimeException($"Activating {grain} failed: {innerException.Message}", innerException);
