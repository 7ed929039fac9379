using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;
using Maimai.Scraping.Pages;
using Maimai.Silo.Accounts;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Songs;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>What a commit wrote; null snapshot when the fetch was no longer ours to complete (a sweeper failed it).</summary>
internal sealed record CommitResult(long? SnapshotId, int ScoreVersions, int NewPlays, int DiscoveredCharts, int? ComputedRating, int Warnings = 0);

/// <summary>
/// Writes a successful scrape in ONE transaction: discovered charts, the snapshot (site rating and ours), the
/// changed score versions, the new plays, the rotated session cookies, and the fetch marked completed. Any
/// failure rolls all of it back. Discoveries move the songs revision in the same transaction, and the node's
/// <see cref="SongCache"/> is dropped only after COMMIT, so no reader sees a chart that may yet roll back.
/// </summary>
internal sealed class FetchCommitter(
    Database database,
    ScoreRepository scores,
    RecentPlayRepository plays,
    DxNetTokenStore tokens,
    FetchRepository fetches,
    ParseWarningRepository warnings,
    DetailQueueRepository queue,
    CurrentVersions versions,
    SongCache songs,
    SongRepository songRepository,
    IFetchCommitProbe? probe = null)
{
    // pluginVersion: the plugin build that read the pages, stored with each warning it kept.
    // detailsLater: the scrape stopped after the record; the snapshot is stored with its detail pending and queued,
    // and the fetch stays running (its detail phase) instead of completing.
    public async Task<CommitResult> CommitAsync(FetchStatus fetch, FetchBaseline baseline, ScrapeResult result, string pluginVersion, DateTimeOffset now, CancellationToken cancellationToken,
        bool detailsLater = false)
    {
        var data = result.Data ?? throw new ArgumentException("Only a successful scrape is committed.", nameof(result));
        await using var transaction = await database.BeginAsync(cancellationToken);
        var charts = new ChartDiscovery(baseline.Charts, songRepository);

        // Score rows → chart ids (adding discovered charts); the play count and last play come from musicDetail
        // when the chart's best changed (the only charts whose page is read), otherwise they carry over.
        var details = MusicDetailIndex.From(data.MusicDetails);
        var changed = data.Scores.Changed.ToHashSet();
        var snapshotScores = new List<ChartScore>();
        var queuedCharts = new List<QueuedChart>();
        var byTitle = new Dictionary<(string, ChartType, Difficulty), int?>();
        var used = new HashSet<int>();
        foreach (var row in data.Scores.Rows.Where(r => r.IsPlayed))
        {
            var chartId = await charts.ResolveAsync(transaction, row, cancellationToken);
            if (!used.Add(chartId))
            {
                // Two rows resolved to one chart (a songs-database ambiguity): keep the second as discovered.
                chartId = await charts.ResolveDiscoveredAsync(transaction, row, cancellationToken);
                if (!used.Add(chartId))
                {
                    continue;
                }
            }

            var key = (row.Title, row.Type, row.Difficulty);
            byTitle[key] = byTitle.ContainsKey(key) ? null : chartId;
            var isChanged = changed.Contains(ChartScores.KeyOf(row));
            var detail = isChanged ? details.Find(row) : null;
            baseline.Scores.TryGetValue(chartId, out var previous);
            if (isChanged && detailsLater)
            {
                // Pending until its musicDetail is read: unknown, never the previous version's count.
                previous = null;
                if (row.MusicDetailIdx.Length > 0)
                {
                    queuedCharts.Add(new QueuedChart(chartId, row.MusicDetailIdx, row.Type, row.Difficulty));
                }
            }

            snapshotScores.Add(new ChartScore(chartId, row.Achievement!.Value, row.DxScore ?? 0, row.ComboLamp, row.SyncLamp,
                detail is null ? previous?.PlayCount : detail.PlayCount,
                detail is null ? previous?.LastPlayedAt : detail.LastPlayed, row.Level));
        }

        var newPlays = new List<RecentPlay>(data.NewPlays.Count);
        foreach (var play in data.NewPlays)
        {
            var entry = play.Record;
            var chartId = await charts.ResolveAsync(transaction, entry, byTitle.GetValueOrDefault((entry.Title, entry.Type, entry.Difficulty)), cancellationToken);
            newPlays.Add(ToRecentPlay(play, chartId));
        }

        var queuedPlays = new List<QueuedPlay>();
        if (detailsLater && data.Record is { } record)
        {
            // The record's own figures now, its detail page later (the play stays pending until then).
            foreach (var entry in FetchPlan.NewPlays(record, baseline.Known.StoredPlays))
            {
                var chartId = await charts.ResolveAsync(transaction, entry, byTitle.GetValueOrDefault((entry.Title, entry.Type, entry.Difficulty)), cancellationToken);
                newPlays.Add(ToPendingPlay(entry, chartId));
                queuedPlays.Add(new QueuedPlay(entry.Idx!.UnixTime, entry.Track, entry.Idx.Raw, entry.PlayedAt.ToUnixTimeSeconds(), entry.Title, entry.Type, entry.Difficulty));
            }
        }

        var merged = new Dictionary<int, ChartScore>(baseline.Scores);
        foreach (var score in snapshotScores)
        {
            merged[score.ChartId] = score;
        }

        var computed = ComputeRating(merged.Values, charts, versions.For(fetch.Region));
        var write = new SnapshotWrite(fetch.UserId, fetch.Region, now, fetch.Id, data.Profile, data.Scores.IsUnchanged ? [] : snapshotScores, computed);
        var snapshot = await scores.WriteSnapshotAsync(transaction, write, cancellationToken);
        var inserted = await plays.InsertNewAsync(transaction, fetch.UserId, fetch.Region, newPlays, now, cancellationToken);
        await tokens.SaveSessionAsync(transaction, fetch.UserId, fetch.Region, result.SessionCookies, now, cancellationToken);
        var kept = await warnings.InsertAsync(transaction, fetch.Id, fetch.UserId, fetch.Region, pluginVersion,
            [.. data.Warnings.Select(w => new NewParseWarning(w.Kind.ToString(), w.Reason, w.Fragment))], now, cancellationToken);
        if (detailsLater)
        {
            var recordKeys = data.Record?.Entries.Where(e => e.Idx is not null)
                .GroupBy(e => (e.Idx!.UnixTime, e.Track)).ToDictionary(g => g.Key, g => g.First().Idx!.Raw);
            foreach (var (playedAt, track) in await queue.QueueAsync(transaction, fetch.UserId, fetch.Region, fetch.Id, queuedPlays, queuedCharts, recordKeys, cancellationToken))
            {
                // Gone from the site's last 50 before its detail was read: it can never be read now.
                await plays.SettlePendingAsync(transaction, fetch.UserId, fetch.Region, playedAt, track, cancellationToken);
            }
        }

        var marked = detailsLater
            ? await fetches.SnapshotStoredAsync(transaction, fetch.Id, snapshot.SnapshotId, kept, 0, now, cancellationToken)
            : await fetches.CompleteAsync(transaction, fetch.Id, snapshot.SnapshotId, now, kept, PagesRequested.From(result.PagesRequested), cancellationToken);
        if (!marked)
        {
            return new CommitResult(null, 0, 0, 0, computed);
        }

        if (charts.Inserted > 0)
        {
            await songRepository.BumpRevisionAsync(transaction, cancellationToken);
        }

        if (probe is not null)
        {
            await probe.BeforeCommitAsync(fetch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (charts.Inserted > 0)
        {
            songs.Invalidate();
        }

        return new CommitResult(snapshot.SnapshotId, snapshot.ScoreVersionsWritten, inserted, charts.ChartsInserted, computed, kept);
    }

    /// <summary>Our DX rating from the whole score set; charts without a known version (discovered) cannot count.</summary>
    private static int? ComputeRating(IEnumerable<ChartScore> set, ChartDiscovery charts, GameVersion current)
    {
        var rated = new List<RatedScore>();
        foreach (var score in set)
        {
            if (charts.Find(score.ChartId) is { } chart && GameVersion.TryFromVersionCode(chart.VersionCode, out _))
            {
                rated.Add(new RatedScore(chart.ChartId, chart.VersionCode, chart.Difficulty, chart.Level, chart.InternalLevel, score.Achievement, score.ComboLamp));
            }
        }

        try
        {
            return RatingCalculator.Compute(rated, current).Total;
        }
        catch (ArgumentException)
        {
            // A chart with impossible data (a level out of range) must not fail the fetch: the site's rating still stands.
            return null;
        }
    }

    private static RecentPlay ToRecentPlay(PlayDetail d, int chartId)
    {
        var r = d.Record;
        return new RecentPlay(
            r.Idx?.UnixTime ?? r.PlayedAt.ToUnixTimeSeconds(), r.Track, chartId, r.Title, r.Type, r.Difficulty, r.Achievement, r.DxScore,
            r.MaxDxScore, r.ComboLamp, r.SyncLamp, d.Fast, d.Late, d.Venue,
            new PlayJudgements(Row(d.Judgements.Tap), Row(d.Judgements.Hold), Row(d.Judgements.Slide), Row(d.Judgements.Touch), Row(d.Judgements.Break)),
            d.MaxCombo.Value, d.MaxCombo.Total, d.MaxSync?.Value, d.MaxSync?.Total, d.RatingChange,
            r.IsNewRecord, r.DxStars, r.MatchingRank, IsBuddy: r.IsBuddy);
    }

    /// <summary>
    /// A record entry in stored form before its playlogDetail is read: the detail fields stay null, pending; an entry
    /// without a playlogDetail link can never have them, so it is not left pending.
    /// </summary>
    public static RecentPlay ToPendingPlay(RecordEntry r, int chartId) => new(
        r.Idx?.UnixTime ?? r.PlayedAt.ToUnixTimeSeconds(), r.Track, chartId, r.Title, r.Type, r.Difficulty, r.Achievement, r.DxScore, r.MaxDxScore, r.ComboLamp, r.SyncLamp,
        null, null, null, null, null, null, null, null, null, r.IsNewRecord, r.DxStars, r.MatchingRank, DetailPending: r.Idx is not null, IsBuddy: r.IsBuddy);

    /// <summary>A play's playlogDetail in stored form; the detail phase writes only its detail fields (the rest is stored already).</summary>
    public static RecentPlay DetailOf(PlayDetail detail) => ToRecentPlay(detail, 0);

    // An all-empty row is a note type the chart does not have (STD charts have no touch notes).
    private static NoteJudgements? Row(JudgementRow row) =>
        row is { CriticalPerfect: null, Perfect: null, Great: null, Good: null, Miss: null }
            ? null
            : new NoteJudgements(row.CriticalPerfect ?? 0, row.Perfect ?? 0, row.Great ?? 0, row.Good ?? 0, row.Miss ?? 0);
}

/// <summary>A test seam: runs inside the commit transaction, after every write and before COMMIT.</summary>
internal interface IFetchCommitProbe
{
    Task BeforeCommitAsync(FetchStatus fetch, CancellationToken cancellationToken);
}
