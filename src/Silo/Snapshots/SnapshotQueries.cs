using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using StoredSnapshot = Maimai.Silo.Storage.Scores.Snapshot;

namespace Maimai.Silo.Snapshots;

/// <summary>
/// <see cref="ISnapshotQueries"/> over the storage repositories. Score sets come through
/// <see cref="SnapshotScoreCache"/>; every read checks that the snapshot is the caller's first.
/// </summary>
public sealed class SnapshotQueries(
    SnapshotRepository snapshots,
    ScoreRepository scores,
    RecentPlayRepository plays,
    SnapshotScoreCache cache,
    ISongQueries songs) : ISnapshotQueries
{
    public Task<IReadOnlyList<SnapshotSummary>> ListSnapshotsAsync(long userId, Region region, TakenRange range, int? beforeSeq, int limit, CancellationToken cancellationToken) =>
        snapshots.ListAsync(userId, region, range ?? TakenRange.All, beforeSeq, limit, cancellationToken);

    public async Task<SnapshotDetail?> GetSnapshotAsync(long userId, long snapshotId, CancellationToken cancellationToken)
    {
        // One whose scores are cached for this caller is answered from memory (see SnapshotScoreCache on when it changes).
        if (cache.TryGet(snapshotId, userId, out var cached, out var foreign))
        {
            return ToDetail(cached.Snapshot);
        }

        var stored = foreign ? null : await snapshots.GetAsync(userId, snapshotId, cancellationToken);
        return stored is null ? null : ToDetail(stored);
    }

    public async Task<SnapshotDetail?> GetLatestSnapshotAsync(long userId, Region region, CancellationToken cancellationToken)
    {
        var stored = await snapshots.GetLatestAsync(userId, region, cancellationToken);
        return stored is null ? null : ToDetail(stored);
    }

    /// <summary>
    /// From memory when the snapshot's set is cached. On a miss the first page loads the set whole into the cache
    /// (the pages after it are then answered from memory); any other page, or every page when the cache is off, is
    /// one range of the listing index in the database (after the snapshot's row, unless the cursor says where its set
    /// lies; ScorePageQuery), so a cold page reads about a page of rows, never the whole set.
    /// </summary>
    public async Task<ScorePage?> ListScoresAsync(long userId, long snapshotId, ScoreQuery query, ScoreCursor? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (cache.TryGet(snapshotId, userId, out var set, out var foreign))
        {
            // A set with play counts still pending is checked against the revision the detail phase moves (one key read).
            if (!set.MayFill || await scores.ReadRevisionAsync(userId, set.Region, cancellationToken) == set.Revision)
            {
                return await PageFromMemoryAsync(set, query, after, limit, cancellationToken);
            }

            cache.Remove(set);
        }

        if (foreign)
        {
            return null;
        }

        // A later page's cursor says where the set lies: one query, no snapshot lookup, unless it finds nothing.
        if (after?.Set is { } position)
        {
            var page = await scores.ListPageAsync(userId, snapshotId, position, query, after, limit, cancellationToken);
            if (page.Scores.Count > 0)
            {
                return await WithSongsAsync(page, position.Region, cancellationToken);
            }
        }

        var snapshot = await snapshots.GetAsync(userId, snapshotId, cancellationToken);
        if (snapshot is null)
        {
            return null;
        }

        var place = new ScoreSetPosition(snapshot.Region, snapshot.Seq);
        if (after is null && cache.IsEnabled)
        {
            // The revision first: a page filled in between the two reads leaves the set marked older than it is, never newer.
            var revision = await scores.ReadRevisionAsync(userId, snapshot.Region, cancellationToken);
            var loaded = new CachedScoreSet(snapshot, await scores.ReadSnapshotScoresAsync(userId, snapshot.Region, snapshotId, cancellationToken), revision);
            cache.Add(loaded);
            return await PageFromMemoryAsync(loaded, query, after, limit, cancellationToken);
        }

        // An empty page at the cursor's own position is the end of the list; at another one the cursor was not made for this snapshot.
        return after?.Set == place
            ? new ScorePage([], null)
            : await WithSongsAsync(await scores.ListPageAsync(userId, snapshotId, place, query, after, limit, cancellationToken), place.Region, cancellationToken);
    }

    public async Task<PlayPage?> ListRecentPlaysAsync(long userId, long snapshotId, PlayCursor? after, int limit, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.GetAsync(userId, snapshotId, cancellationToken);
        if (snapshot is null)
        {
            return null;
        }

        var library = await songs.GetLibraryAsync(cancellationToken);
        Level? LevelOf(int chartId) => library.TryGetChart(chartId, out var chart, out _) ? chart.LevelIn(snapshot.Region) : null;

        // The plays known as of the snapshot: played at or before it was taken.
        var stored = await plays.ListAsync(userId, snapshot.Region, snapshot.TakenAt.ToUnixTimeSeconds(), after?.PlayedAtUnixSeconds ?? long.MaxValue,
            after?.Track ?? int.MaxValue, limit + 1, cancellationToken);
        var page = stored.Select(p => ToRecorded(p, LevelOf)).ToList();
        if (page.Count <= limit)
        {
            return new PlayPage(page, null);
        }

        var last = page[limit - 1];
        return new PlayPage([.. page.Take(limit)], new PlayCursor(last.PlayedAt.ToUnixTimeSeconds(), last.Track));
    }

    public async Task<IReadOnlyList<RatingPoint>> GetRatingHistoryAsync(long userId, Region region, TakenRange range, CancellationToken cancellationToken)
    {
        var series = await snapshots.SeriesAsync(userId, region, range ?? TakenRange.All, cancellationToken);
        return [.. series.Select(s => new RatingPoint(s.TakenAt, s.Id, s.Rating, s.SiteRating, null))];
    }

    public async Task<IReadOnlyList<RatingPoint>?> GetChartHistoryAsync(long userId, Region region, int chartId, TakenRange range, CancellationToken cancellationToken)
    {
        var library = await songs.GetLibraryAsync(cancellationToken);
        if (!library.TryGetChart(chartId, out _, out _))
        {
            return null;
        }

        var series = await snapshots.SeriesAsync(userId, region, range ?? TakenRange.All, cancellationToken);
        var versions = await scores.ChartVersionsAsync(userId, region, chartId, cancellationToken);

        // Both are in seq order: walk them together; a snapshot's value is the newest version at or before its seq.
        var points = new List<RatingPoint>(series.Count);
        var next = 0;
        Achievement? current = null;
        foreach (var snapshot in series)
        {
            while (next < versions.Count && versions[next].SnapshotSeq <= snapshot.Seq)
            {
                current = versions[next++].Achievement;
            }

            points.Add(new RatingPoint(snapshot.TakenAt, snapshot.Id, snapshot.Rating, snapshot.SiteRating, current));
        }

        return points;
    }

    // A page from the listing index: its keys (level and title as the database holds them now, so the page agrees with
    // its cursor) and scores, the rest of each row from the songs library, as the warm path builds it.
    private async Task<ScorePage> WithSongsAsync(ListedVersionPage page, Region region, CancellationToken cancellationToken)
    {
        var library = await songs.GetLibraryAsync(cancellationToken);
        if (page.Scores.Any(s => !library.TryGetChart(s.Score.ChartId, out _, out _)))
        {
            // A chart added since the library was loaded (a fetch discovered it): load the library again, once.
            songs.Invalidate();
            library = await songs.GetLibraryAsync(cancellationToken);
        }

        var listed = new List<ListedScore>(page.Scores.Count);
        foreach (var (level, title, type, difficulty, score) in page.Scores)
        {
            // As ScoreListing.Sort: a chart the library does not know is not listed.
            if (library.TryGetChart(score.ChartId, out var chart, out var song))
            {
                listed.Add(new ListedScore(
                    chart.Id, song.Id, title, song.Artist, song.Genre, type, difficulty, level, chart.InternalLevelIn(region),
                    score.Achievement, score.DxScore, chart.DxScoreMax, score.ComboLamp, score.SyncLamp, score.PlayCount, score.LastPlayedAt, score.SiteLevel));
            }
        }

        return new ScorePage(listed, page.Next);
    }

    // The set joined with the songs library and sorted once per library, then paged in memory.
    private async Task<ScorePage> PageFromMemoryAsync(CachedScoreSet set, ScoreQuery query, ScoreCursor? after, int limit, CancellationToken cancellationToken)
    {
        var library = await songs.GetLibraryAsync(cancellationToken);
        var listing = set.Listing;
        if (listing is null || !ReferenceEquals(listing.Library, library))
        {
            var sorted = ScoreListing.Sort(set.Scores, library, set.Region, out var missing);
            if (missing > 0)
            {
                // A chart added since the library was loaded (a fetch discovered it): load the library again, once.
                songs.Invalidate();
                library = await songs.GetLibraryAsync(cancellationToken);
                sorted = ScoreListing.Sort(set.Scores, library, set.Region, out _);
            }

            listing = new SortedScores(library, sorted);
            set.Listing = listing;
        }

        return ScoreListing.Page(listing.Sorted, query, after, limit, new ScoreSetPosition(set.Region, set.Snapshot.Seq));
    }

    private static SnapshotDetail ToDetail(StoredSnapshot s) => new(s.Id, s.Region, s.Seq, s.TakenAt, s.FetchId, s.Rating, s.Profile);

    private static RecordedPlay ToRecorded(RecentPlay p, Func<int, Level?> levelOf) => new(
        DateTimeOffset.FromUnixTimeSeconds(p.PlayedAt), p.Track, p.ChartId, p.Title, p.ChartType, p.Difficulty,
        p.ChartId is { } id ? levelOf(id) : null, p.Achievement, p.IsNewRecord, p.DxScore, p.DxScoreMax,
        p.ComboLamp, p.SyncLamp, p.MatchingRank, p.Venue, p.Fast, p.Late, p.MaxCombo, p.MaxComboTotal,
        p.MaxSync, p.MaxSyncTotal, p.RatingChange,
        Counts(p.Judgements?.Tap), Counts(p.Judgements?.Hold), Counts(p.Judgements?.Slide), Counts(p.Judgements?.Touch),
        Counts(p.Judgements?.Break), p.DxStars, p.DetailPending, p.IsBuddy);

    private static PlayJudgementCounts? Counts(NoteJudgements? j) =>
        j is null ? null : new PlayJudgementCounts(j.CriticalPerfect, j.Perfect, j.Great, j.Good, j.Miss);
}
