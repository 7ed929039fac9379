using Maimai.Core.Game;
using Maimai.Core.Songs;

namespace Maimai.Scraping.Identity;

/// <summary>What DX NET tells us about a chart: enough to find it in the songs database.</summary>
/// <param name="Genre">The DX NET genre heading (either site's wording), or null when the page has none (record, level lists).</param>
/// <param name="ImageFile">The jacket file name ("21d83321da86a7b8.png") when the page shows one (record, music detail).</param>
public sealed record ScrapedChart(string? Genre, string Title, ChartType Type, Difficulty Difficulty, string? ImageFile = null);

/// <summary>The outcome of resolving a scraped chart: exactly one known chart, or a discovered one.</summary>
public abstract record ChartMatch(ScrapedChart Scraped);

/// <summary>The one chart of the songs database the row is about.</summary>
public sealed record KnownChart(ScrapedChart Scraped, Song Song, Chart Chart) : ChartMatch(Scraped);

/// <summary>
/// A chart the songs database lacks (or cannot tell apart): stored as a discovered entry for an admin to complete,
/// so the score is kept, never dropped. <see cref="Reason"/> says why it did not match.
/// </summary>
public sealed record DiscoveredChart(ScrapedChart Scraped, string Reason) : ChartMatch(Scraped);
