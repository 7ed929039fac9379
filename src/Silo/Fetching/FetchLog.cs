using Maimai.Core.Fetching;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Fetching;

/// <summary>Log events of the fetch lifecycle, EventIds 6001-6099.</summary>
internal static partial class FetchLog
{
    [LoggerMessage(EventId = 6001, EventName = "FetchStarted", Level = LogLevel.Information,
        Message = "Fetch {FetchId} of user {UserId} on {Region} started on silo {Silo}")]
    public static partial void Started(ILogger logger, long fetchId, long userId, Core.Game.Region region, Orleans.Runtime.SiloAddress silo);

    [LoggerMessage(EventId = 6002, EventName = "FetchCompleted", Level = LogLevel.Information,
        Message = "Fetch {FetchId} completed: snapshot {SnapshotId}, {ScoreVersions} score versions, {NewPlays} new plays, {Discovered} discovered charts, {Requests} requests, {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, long fetchId, long snapshotId, int scoreVersions, int newPlays, int discovered, int requests, long elapsedMs);

    [LoggerMessage(EventId = 6003, EventName = "FetchFailed", Level = LogLevel.Information,
        Message = "Fetch {FetchId} failed with {Code}: {Detail}")]
    public static partial void Failed(ILogger logger, long fetchId, FetchErrorCode code, string detail);

    [LoggerMessage(EventId = 6004, EventName = "FetchCrashed", Level = LogLevel.Error,
        Message = "Fetch {FetchId} failed unexpectedly")]
    public static partial void Crashed(ILogger logger, long fetchId, Exception exception);

    [LoggerMessage(EventId = 6005, EventName = "FetchProgressWriteFailed", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not record progress ({Reason}); carrying on")]
    public static partial void ProgressWriteFailed(ILogger logger, long fetchId, string reason);

    [LoggerMessage(EventId = 6006, EventName = "FetchTakenOver", Level = LogLevel.Warning,
        Message = "Fetch {FetchId} is no longer running on this silo (failed as lost by another); dropping its result")]
    public static partial void TakenOver(ILogger logger, long fetchId);

    [LoggerMessage(EventId = 6007, EventName = "FetchFailureWriteRetry", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not record its failure yet ({Reason}); retrying in {DelayMs} ms")]
    public static partial void FailureWriteRetry(ILogger logger, long fetchId, string reason, long delayMs);

    [LoggerMessage(EventId = 6008, EventName = "FetchFailureWriteGaveUp", Level = LogLevel.Error,
        Message = "Fetch {FetchId}: gave up recording its failure; the lost-fetch sweep will settle it when its lease runs out")]
    public static partial void FailureWriteGaveUp(ILogger logger, long fetchId);

    [LoggerMessage(EventId = 6009, EventName = "FetchSessionWriteFailed", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not store the DX NET session it ended with; recording the failure without it")]
    public static partial void SessionWriteFailed(ILogger logger, long fetchId, Exception exception);

    [LoggerMessage(EventId = 6010, EventName = "FetchLost", Level = LogLevel.Warning,
        Message = "Fetch {FetchId} failed as NODE_LOST: its silo {NodeId} is gone or stopped renewing its lease")]
    public static partial void Lost(ILogger logger, long fetchId, string nodeId);

    [LoggerMessage(EventId = 6011, EventName = "FetchSweepFailed", Level = LogLevel.Warning,
        Message = "The lost-fetch sweep failed ({Reason}); trying again next interval")]
    public static partial void SweepFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6045, EventName = "FetchSettleFailed", Level = LogLevel.Warning,
        Message = "Fetch {FetchId}: could not settle it as lost ({Reason}); trying again next sweep")]
    public static partial void SettleFailed(ILogger logger, long fetchId, string reason);

    [LoggerMessage(EventId = 6012, EventName = "FetchQueuedHeartbeatFailed", Level = LogLevel.Warning,
        Message = "Could not renew the lease of {Count} queued fetch(es) ({Reason}); trying again next heartbeat")]
    public static partial void QueuedHeartbeatFailed(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 6013, EventName = "UserRegionStateConflict", Level = LogLevel.Information,
        Message = "User {UserId} {Region}: another activation wrote the grain state first; re-reading it and deciding again")]
    public static partial void StateConflict(ILogger logger, long userId, Core.Game.Region region);

    [LoggerMessage(EventId = 6014, EventName = "UserRegionStateWriteFailed", Level = LogLevel.Warning,
        Message = "User {UserId} {Region}: could not write the grain state; the database rows still decide")]
    public static partial void StateWriteFailed(ILogger logger, long userId, Core.Game.Region region, Exception exception);

    // The reasons only: the raw entries are in parse_warnings, never in a log line.
    [LoggerMessage(EventId = 6015, EventName = "FetchKeptWarnings", Level = LogLevel.Warning,
        Message = "Fetch {FetchId} completed with {Warnings} entries it could not read, kept raw as parse warnings")]
    public static partial void KeptWarnings(ILogger logger, long fetchId, int warnings);

    [LoggerMessage(EventId = 6030, EventName = "FetchSnapshotStored", Level = LogLevel.Information,
        Message = "Fetch {FetchId} stored snapshot {SnapshotId} after {Requests} requests in {ElapsedMs} ms; its detail follows")]
    public static partial void SnapshotStored(ILogger logger, long fetchId, long snapshotId, int requests, long elapsedMs);

    [LoggerMessage(EventId = 6031, EventName = "FetchDetailRead", Level = LogLevel.Information,
        Message = "Fetch {FetchId} read its detail pages with {Requests} requests")]
    public static partial void DetailRead(ILogger logger, long fetchId, int requests);

    [LoggerMessage(EventId = 6040, EventName = "FetchDetailResumed", Level = LogLevel.Information,
        Message = "Fetch {FetchId} of user {UserId} on {Region}: its silo {LostSilo} was lost or shut down in the detail phase; resuming the queued pages on silo {Silo}")]
    public static partial void DetailResumed(ILogger logger, long fetchId, long userId, Core.Game.Region region, string lostSilo, Orleans.Runtime.SiloAddress silo);

    [LoggerMessage(EventId = 6041, EventName = "FetchDetailResumeDeferred", Level = LogLevel.Information,
        Message = "Fetch {FetchId}: its detail phase resumes at {NextAllowedAt} (one start a minute)")]
    public static partial void DetailResumeDeferred(ILogger logger, long fetchId, DateTimeOffset nextAllowedAt);

    [LoggerMessage(EventId = 6042, EventName = "FetchDetailReleased", Level = LogLevel.Information,
        Message = "Fetch {FetchId}: the silo is stopping; its detail phase stopped between pages and is left for a silo to resume")]
    public static partial void DetailReleased(ILogger logger, long fetchId);

    [LoggerMessage(EventId = 6043, EventName = "FetchDetailHandedOver", Level = LogLevel.Information,
        Message = "Fetch {FetchId} handed its detail queue to a newer fetch after {Requests} requests")]
    public static partial void DetailHandedOver(ILogger logger, long fetchId, int requests);

    [LoggerMessage(EventId = 6044, EventName = "FetchHandOverSlow", Level = LogLevel.Warning,
        Message = "Fetch {FetchId} did not stop its detail phase within {WaitMs} ms; the newer fetch was not started")]
    public static partial void HandOverSlow(ILogger logger, long fetchId, long waitMs);
}
