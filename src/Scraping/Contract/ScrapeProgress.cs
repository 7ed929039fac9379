using Maimai.Core.Fetching;

namespace Maimai.Scraping.Contract;

/// <summary>
/// One progress report: the fetch stage (Core's, as the fetch and the API show it) and pages done out of the pages
/// planned so far. The total grows as the plan learns more (after playerData it knows whether the score pages are
/// needed, after the record how many plays are new). A scraper reports the reading stages, Login to MusicDetails.
/// </summary>
public readonly record struct ScrapeProgress(FetchStage Stage, int PagesDone, int PagesTotal);
