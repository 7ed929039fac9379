namespace Maimai.DxNetSimulator.Requests;

/// <summary>The kinds of page the simulated site serves; the request log counts by these.</summary>
public enum PageKind
{
    /// <summary>/maimai-mobile/ and /maimai-mobile/home/.</summary>
    Home,
    PlayerData,

    /// <summary>/maimai-mobile/record/musicGenre/search/ (any diff, utage included).</summary>
    ScoreList,

    /// <summary>/maimai-mobile/record/ (the recent 50).</summary>
    Record,
    PlaylogDetail,
    MusicDetail,
    RatingTarget,
    Error,

    /// <summary>The clal login gateway, /common_auth/login.</summary>
    Login,

    /// <summary>Anything else (answered 404).</summary>
    Other,
}

/// <summary>One request the simulated site received (control API calls are not logged).</summary>
public sealed record RequestLogEntry(int Ordinal, PageKind Kind, string PathAndQuery);
