using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;

namespace Maimai.Testing.Scraping;

/// <summary>
/// What a scrape is given, as tests and benchmarks build it: a token without stored cookies, nothing stored yet,
/// or the <see cref="KnownState"/> a store would hold after saving a scrape.
/// </summary>
public static class ScrapeInputs
{
    /// <summary>Nothing stored yet: a first fetch.</summary>
    public static KnownState NothingKnown { get; } = new(null, new HashSet<PlayKey>(), new Dictionary<ChartKey, KnownScore>());

    /// <summary>The token alone, without session cookies from an earlier fetch.</summary>
    public static DxNetSession SessionOf(MaimaiToken token) => new(token, new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>A first fetch with the token alone.</summary>
    public static ScrapeRequest First(MaimaiToken token) => new(SessionOf(token), NothingKnown);

    /// <summary><paramref name="known"/> with <paramref name="data"/> stored on top of it.</summary>
    public static KnownState After(this KnownState known, ScrapedData data)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(data);
        var plays = new HashSet<PlayKey>(known.StoredPlays);
        foreach (var entry in data.Record?.Entries ?? [])
        {
            plays.Add(FetchPlan.KeyOf(entry));
        }

        var scores = new Dictionary<ChartKey, KnownScore>(known.Scores);
        foreach (var row in data.Scores.Rows.Where(r => r.IsPlayed))
        {
            scores[ChartScores.KeyOf(row)] = FetchPlan.ScoreOf(row);
        }

        return new KnownState(data.Profile.TotalPlayCount, plays, scores);
    }
}
