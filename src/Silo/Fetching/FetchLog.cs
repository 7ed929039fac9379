using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Fetching;

/// <summary>Log events of the fetch lifecycle, EventIds 6001-6099.</summary>
internal static partial class FetchLog
{
    [LoggerMessage(EventId = 6001, EventName = "FetchStarted", Level = LogLevel.Information,
        Message = "Fetch {FetchId} of user {UserId} on {Region} started on node {NodeId}")]
    public static partial void Started(ILogger logger, long fetchId, long userId, Core.Game.Region region, string nodeId);

    [LoggerMessage(EventId = 6002, EventName = "FetchCompleted", Level = LogLevel.Information,
        Message = "Fetch {FetchId} completed: snapshot {SnapshotId}, {ScoreVersions} score versions, {NewPlays} new plays, {Discovered} discovered charts, {Requests} requests, {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, long fetchId, long snapshotId, int scoreVersions, int newPlays, int discovered, int requests, long elapsedMs);

    [LoggerMessage(EventId = 6003, EventName = "FetchFailed", Level = LogLevel.Information,
        Message = "Fetch {FetchId} failed with {Code}: {Detail}")]
    public static partial void Failed(ILogger logger, long fetchId, string code, string detail);

    [LoggerMessage(EventId = 6004, EventName = "FetchCrashed", Level = LogLevel.Error,
        Message = "Fetch {FetchId} failed unexpectedly")]
    public static partial void Crashed(ILogger logger, long fetchId, Exception exception);

    [LoggerMessage(EventId = 6005, EventName = "FetchProgressWriteFailed", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not record progress ({Reason}); carrying on")]
    public static partial void ProgressWriteFailed(ILogger logger, long fetchId, string reason);

    [LoggerMessage(EventId = 6006, EventName = "FetchTakenOver", Level = LogLevel.Warning,
        Message = "Fetch {FetchId} is no longer running on this node (failed as lost by a sweeper); dropping its result")]
    public static partial void TakenOver(ILogger logger, long fetchId);

    [LoggerMessage(EventId = 6007, EventName = "FetchFailureWriteRetry", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not record its failure yet ({Reason}); retrying in {DelayMs} ms")]
    public static partial void FailureWriteRetry(ILogger logger, long fetchId, string reason, long delayMs);

    [LoggerMessage(EventId = 6008, EventName = "FetchFailureWriteGaveUp", Level = LogLevel.Error,
        Message = "Fetch {FetchId}: gave up recording its failure; the lease sweeper will settle it")]
    public static partial void FailureWriteGaveUp(ILogger logger, long fetchId);

    [LoggerMessage(EventId = 6009, EventName = "FetchSessionWriteFailed", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not store the DX NET session it ended with; recording the failure without it")]
    public static partial void SessionWriteFailed(ILogger logger, long fetchId, Exception exception);

    [LoggerMessage(EventId = 6010, EventName = "FetchesLost", Level = LogLevel.Warning,
        Message = "Failed {Count} fetch(es) whose node stopped heartbeating: {FetchIds}")]
    public static partial void SweptLost(ILogger logger, int count, string fetchIds);

    [LoggerMessage(EventId = 6011, EventName = "FetchSweepFailed", Level = LogLevel.Warning,
        Message = "The lost-fetch sweep failed ({Reason}); trying again next interval")]
    public static partial void SweepFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6012, EventName = "FetchQueuedHeartbeatFailed", Level = LogLevel.Warning,
        Message = "Could not renew the lease of {Count} queued fetch(es) ({Reason}); trying again next heartbeat")]
    public static partial void QueuedHeartbeatFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 6020, EventName = "FetchListenerDisconnected", Level = LogLevel.Warning,
        Message = "Fetch notifications: connection lost ({Reason}); reconnecting in {DelayMs} ms")]
    public static partial void ListenerDisconnected(ILogger logger, string reason, long delayMs);

    [LoggerMessage(EventId = 6021, EventName = "FetchListenerListening", Level = LogLevel.Debug,
        Message = "Fetch notifications: listening on {Channel}")]
    public static partial void Listening(ILogger logger, string channel);
}
