using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Grains.Internal;

/// <summary>The grain runtime's log messages; EventIds 5000-5099 are stable.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(EventId = 5001, EventName = "GrainActivated", Level = LogLevel.Debug, Message = "Activated {GrainType}/{Key}.")]
    public static partial void Activated(ILogger logger, string grainType, object key);

    [LoggerMessage(EventId = 5002, EventName = "GrainActivationFailed", Level = LogLevel.Error, Message = "Activating {GrainType}/{Key} failed; its queued calls are rejected.")]
    public static partial void ActivationFailed(ILogger logger, string grainType, object key, Exception exception);

    [LoggerMessage(EventId = 5003, EventName = "GrainDeactivated", Level = LogLevel.Debug, Message = "Deactivated {GrainType}/{Key} ({Reason}).")]
    public static partial void Deactivated(ILogger logger, string grainType, object key, DeactivationReason reason);

    [LoggerMessage(EventId = 5004, EventName = "GrainDeactivationFailed", Level = LogLevel.Warning, Message = "Deactivating {GrainType}/{Key} ({Reason}) threw; the activation is dropped anyway.")]
    public static partial void DeactivationFailed(ILogger logger, string grainType, object key, DeactivationReason reason, Exception exception);

    // Debug, not Warning: under overload this fires per call; the maimai.grains.rejections counter is the signal.
    [LoggerMessage(EventId = 5005, EventName = "GrainCallRejected", Level = LogLevel.Debug, Message = "Rejected a call to {GrainType} ({Reason}): {Detail}")]
    public static partial void CallRejected(ILogger logger, string grainType, string reason, string detail);

    [LoggerMessage(EventId = 5010, EventName = "GrainsCollected", Level = LogLevel.Debug, Message = "Collecting {Collected} idle activations; {Alive} alive before.")]
    public static partial void Collected(ILogger logger, int collected, int alive);

    [LoggerMessage(EventId = 5020, EventName = "GrainDrainStarted", Level = LogLevel.Information, Message = "Grain runtime stopping: draining {Activations} activations.")]
    public static partial void DrainStarted(ILogger logger, int activations);

    [LoggerMessage(EventId = 5021, EventName = "GrainDrainCompleted", Level = LogLevel.Information, Message = "Grain runtime drained.")]
    public static partial void DrainCompleted(ILogger logger);

    [LoggerMessage(EventId = 5022, EventName = "GrainDrainTimedOut", Level = LogLevel.Warning, Message = "Grain runtime drain passed {DrainTimeout}; cancelling the turns of {Activations} activations.")]
    public static partial void DrainTimedOut(ILogger logger, TimeSpan drainTimeout, int activations);

    [LoggerMessage(EventId = 5023, EventName = "GrainDrainAbandoned", Level = LogLevel.Error, Message = "Grain runtime stopped with {Activations} activations still not deactivated.")]
    public static partial void DrainAbandoned(ILogger logger, int activations);
}
