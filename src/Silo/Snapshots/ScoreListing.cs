using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Snapshots;

/// <summary>Joins a snapshot's scores with the songs library, sorts them as ListScores promises, filters and pages.</summary>
public static class ScoreListing
{
    /// <summary>
    /// Level descending, then title (by code point, as the database's page query orders it), chart type, difficulty
    /// and chart id (the id makes the order total).
    /// </summary>
    public static IComparer<ListedScore> Order { get; } = Comparer<ListedScore>.Create(static (a, b) => Compare(Key(a), Key(b)));

    /// <summary>The scores whose chart the library knows, sorted; <paramref name="missing"/> counts the others.</summary>
    public static ListedScore[] Sort(IReadOnlyList<StoredScore> scores, SongLibrary library, Region region, out int missing)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(library);
        var listed = new List<ListedScore>(scores.Count);
        missing = 0;
        foreach (var stored in scores)
        {
            var score = stored.Score;
            if (!library.TryGetChart(score.ChartId, out var chart, out var song))
            {
                missing++;
                continue;
            }

            listed.Add(new ListedScore(
                chart.Id, song.Id, song.Title, song.Artist, song.Genre, chart.Type, chart.Difficulty,
                chart.LevelIn(region), chart.InternalLevelIn(region), score.Achievement, score.DxScore, chart.DxScoreMax,
                score.ComboLamp, score.SyncLamp, score.PlayCount, score.LastPlayedAt, score.SiteLevel));
        }

        var sorted = listed.ToArray();
        Array.Sort(sorted, Order);
        return sorted;
    }

    /// <summary>Up to <paramref name="limit"/> matching scores after the cursor, and the next cursor when more match.</summary>
    public static ScorePage Page(ListedScore[] sorted, ScoreQuery query, ScoreCursor? after, int limit, ScoreSetPosition? set = null)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(query);
        var start = after is null ? 0 : FirstAfter(sorted, after);
        var page = new List<ListedScore>(Math.Min(limit, 128));
        for (var i = start; i < sorted.Length; i++)
        {
            if (!Matches(sorted[i], query))
            {
                continue;
            }

            if (page.Count == limit)
            {
                var last = page[^1];
                return new ScorePage(page, new ScoreCursor(last.Level.Tenths, last.Title, last.ChartType, last.Difficulty, last.ChartId, set));
            }

            page.Add(sorted[i]);
        }

        return new ScorePage(page, null);
    }

    public static bool Matches(ListedScore score, ScoreQuery query)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(query);
        return (query.Difficulties.Count == 0 || query.Difficulties.Contains(score.Difficulty))
            && (query.ChartType is not { } type || score.ChartType == type)
            && (query.MinLevel is not { } min || score.Level >= min)
            && (query.MaxLevel is not { } max || score.Level <= max)
            && (query.ComboLamps.Count == 0 || query.ComboLamps.Contains(score.ComboLamp))
            && (query.SyncLamps.Count == 0 || query.SyncLamps.Contains(score.SyncLamp));
    }

    // Value tuples: the sort compares without allocating.
    private static (int Level, string Title, ChartType Type, Difficulty Difficulty, int ChartId) Key(ListedScore s) =>
        (s.Level.Tenths, s.Title, s.ChartType, s.Difficulty, s.ChartId);

    private static (int Level, string Title, ChartType Type, Difficulty Difficulty, int ChartId) Key(ScoreCursor c) =>
        (c.LevelTenths, c.Title, c.ChartType, c.Difficulty, c.ChartId);

    private static int Compare(
        (int Level, string Title, ChartType Type, Difficulty Difficulty, int ChartId) a,
        (int Level, string Title, ChartType Type, Difficulty Difficulty, int ChartId) b)
    {
        var c = b.Level.CompareTo(a.Level);
        if (c == 0)
        {
            c = CompareCodePoints(a.Title, b.Title);
        }

        if (c == 0)
        {
            c = a.Type.CompareTo(b.Type);
        }

        if (c == 0)
        {
            c = a.Difficulty.CompareTo(b.Difficulty);
        }

        return c != 0 ? c : a.ChartId.CompareTo(b.ChartId);
    }

    /// <summary>
    /// Orders strings by Unicode code point, which is UTF-8 byte order (PostgreSQL's "C" collation, SQLite's BINARY).
    /// Ordinal UTF-16 order differs only where a surrogate pair meets a character from U+E000 up: surrogates are
    /// moved above that range before comparing.
    /// </summary>
    public static int CompareCodePoints(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        return CodePointRank(a[common]).CompareTo(CodePointRank(b[common]));
    }

    private static int CodePointRank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;

    // The first index whose key sorts after the cursor; the cursor's own row need not exist any more.
    private static int FirstAfter(ListedScore[] sorted, ScoreCursor cursor)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Compare(Key(sorted[mid]), Key(cursor)) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
