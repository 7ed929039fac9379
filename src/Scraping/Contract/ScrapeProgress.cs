namespace Maimai.Scraping.Contract;

/// <summary>Where a scrape is; the numbers match maimai.v1.FetchStage so the pipeline can pass them through.</summary>
public enum ScrapeStage
{
    Login = 1,
    PlayerData = 2,
    Scores = 3,
    Record = 4,
    PlayDetails = 5,
    MusicDetails = 6,
}

/// <summary>
/// One progress report: the stage and pages done out of the pages planned so far. The total grows as the plan
/// learns more (after playerData it knows whether the score pages are needed, after the record how many plays are new).
/// </summary>
public readonly record struct ScrapeProgress(ScrapeStage Stage, int PagesDone, int PagesTotal);
