using Maimai.Core.Game;

namespace Maimai.Core.Fetching;

/// <summary>Where a fetch is in its life.</summary>
public enum FetchState
{
    Pending = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}

/// <summary>What a running fetch is doing, in order.</summary>
public enum FetchStage
{
    Login = 1,
    PlayerData = 2,
    Scores = 3,
    Record = 4,
    PlayDetails = 5,
    MusicDetails = 6,
    Saving = 7,
    Done = 8,
}

/// <summary>
/// The two halves of a fetch: the snapshot (profile, score lists, record; browsable once stored), then the detail
/// (playlogDetail and musicDetail pages that fill in what the snapshot leaves pending).
/// </summary>
public enum FetchPhase
{
    Snapshot = 1,
    Detail = 2,
    Done = 3,
}

/// <summary>Why a fetch failed: stable codes that clients switch on.</summary>
public enum FetchErrorCode
{
    None = 0,
    Maintenance = 1,
    TokenExpired = 2,
    SiteError = 3,
    UnexpectedPage = 4,
    Network = 5,
    Internal = 6,
    NodeLost = 7,
}

/// <summary>
/// A fetch as its owner sees it, at one moment. WarningCount: entries it could not read and kept raw instead of
/// failing (known once it ended). PagesRequested: what it asked the site for, by stage (null until it ended).
/// SnapshotAt: when its snapshot was stored and became browsable; DetailDone/DetailTotal: detail pages read and
/// queued; the two expected times are estimates of when each phase ends (null when not known).
/// </summary>
public sealed record FetchStatus(
    long Id,
    long UserId,
    Region Region,
    FetchState State,
    FetchStage? Stage,
    int PagesDone,
    int PagesTotal,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? SnapshotId,
    FetchErrorCode ErrorCode,
    string? ErrorMessage,
    int WarningCount = 0,
    PagesRequested? PagesRequested = null,
    DateTimeOffset? SnapshotAt = null,
    int DetailDone = 0,
    int DetailTotal = 0,
    DateTimeOffset? SnapshotExpectedAt = null,
    DateTimeOffset? DetailExpectedAt = null)
{
    /// <summary>Snapshot until it is stored (<see cref="SnapshotAt"/>), then detail, done once ended.</summary>
    public FetchPhase Phase => IsTerminal ? FetchPhase.Done : SnapshotAt is null ? FetchPhase.Snapshot : FetchPhase.Detail;

    /// <summary>Completed or failed: nothing about it changes any more.</summary>
    public bool IsTerminal => State is FetchState.Completed or FetchState.Failed;
}
