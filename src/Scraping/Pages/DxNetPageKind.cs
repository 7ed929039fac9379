namespace Maimai.Scraping.Pages;

/// <summary>The DX NET pages this project reads, plus the failure pages the site serves instead.</summary>
public enum DxNetPageKind
{
    Unknown = 0,

    /// <summary>/maimai-mobile/playerData/</summary>
    PlayerData,

    /// <summary>/maimai-mobile/record/musicGenre|musicLevel|musicVersion/search/ (one row per chart).</summary>
    ScoreList,

    /// <summary>/maimai-mobile/record/ (the recent 50 plays).</summary>
    Record,

    /// <summary>/maimai-mobile/record/playlogDetail/?idx=NN,unixtime</summary>
    PlaylogDetail,

    /// <summary>/maimai-mobile/record/musicDetail/?idx=…</summary>
    MusicDetail,

    /// <summary>/maimai-mobile/home/ratingTargetMusic/</summary>
    RatingTarget,

    /// <summary>/maimai-mobile/error/</summary>
    Error,

    /// <summary>The maintenance notice.</summary>
    Maintenance,

    /// <summary>A login page: the session is gone.</summary>
    Login,
}
