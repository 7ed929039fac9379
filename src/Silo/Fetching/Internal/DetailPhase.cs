using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>
/// The second half of a fetch, after its snapshot is stored: reads the queued playlogDetail and musicDetail
/// pages (this fetch's and any an earlier fetch left) and commits each page in its own transaction together with
/// its removal from the queue, so whatever stops it (a restart, a dead silo, a failure, a newer fetch taking the
/// queue over) leaves exactly the unread pages queued: for the silo that resumes this fetch, or the next fetch.
/// A page that fills play counts in moves the user's score-set revision in its transaction, so every silo's
/// cached score sets are read again (see SnapshotScoreCache).
/// </summary>
internal sealed class DetailPhase(
    Database database,
    DetailQueueRepository queue,
    RecentPlayRepository plays,
    ScoreRepository scores,
    FetchRepository fetches,
    ParseWarningRepository warnings)
{
    /// <summary>
    /// Reads what is queued; a null read when nothing is (no request is sent then). Before the first page it waits
    /// for a detail slot (<paramref name="slot"/>), its lease renewed by <paramref name="pump"/>. <paramref name="keepReading"/>,
    /// asked while it waits and after each page is stored, stops it between pages (a shutdown, a newer fetch: the page
    /// in flight is finished and stored, so neither costs a page twice); <paramref name="cancellationToken"/> abandons
    /// the page in flight (the lease was lost).
    /// </summary>
    public async Task<DetailOutcome> RunAsync(FetchStatus fetch, IRegionScraper scraper, string pluginVersion, DxNetSession session, ProgressPump pump,
        TimeSpan? snapshotPace, TimeProvider time, FetchSlot slot, Func<bool> keepReading, CancellationToken cancellationToken)
    {
        var (queuedPlays, queuedCharts) = await queue.ListAsync(fetch.UserId, fetch.Region, cancellationToken);
        var pages = new List<DetailPage>();
        var playOf = new Dictionary<DetailPage, QueuedPlay>(ReferenceEqualityComparer.Instance);
        foreach (var play in queuedPlays)
        {
            if (PlaylogIdx.TryParse(play.PlaylogIdx, out var idx))
            {
                var page = new PlayDetailPage(idx!, play.Track, DateTimeOffset.FromUnixTimeSeconds(play.ShownAt), play.Title, play.ChartType, play.Difficulty);
                playOf[page] = play;
                pages.Add(page);
            }
        }

        var chartsBySong = queuedCharts.GroupBy(c => c.MusicIdx, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        pages.AddRange(chartsBySong.Keys.Select(idx => new MusicDetailPage(idx)));
        if (pages.Count == 0)
        {
            return new DetailOutcome(null, StoppedEarly: false);
        }

        if (!await slot.TakeDetailAsync(keepReading, cancellationToken))
        {
            return new DetailOutcome(null, StoppedEarly: true);
        }

        var done = 0;
        var stopped = false;
        pump.ReportDetail(pages[0] is PlayDetailPage ? FetchStage.PlayDetails : FetchStage.MusicDetails, 0, pages.Count, snapshotPace);
        var result = await scraper.ReadDetailsAsync(session, pages, async read =>
        {
            if (!read.Moved)
            {
                await using var transaction = await database.BeginAsync(cancellationToken);
                switch (read.Page)
                {
                    case PlayDetailPage:
                        await StorePlayAsync(transaction, fetch, pluginVersion, playOf[read.Page], read, time.GetUtcNow(), cancellationToken);
                        break;

                    case MusicDetailPage page when read.Music is { } music:
                        foreach (var chart in chartsBySong[page.Idx])
                        {
                            // The page shows every difficulty of the song's chart type; only the changed ones were queued.
                            var shown = music.Charts.FirstOrDefault(c => c.Type == chart.ChartType && c.Difficulty == chart.Difficulty);
                            await scores.FillPlayCountAsync(transaction, fetch.UserId, fetch.Region, chart.ChartId, shown?.PlayCount, shown?.LastPlayed, cancellationToken);
                        }

                        await queue.RemoveSongPageAsync(transaction, fetch.UserId, fetch.Region, page.Idx, cancellationToken);
                        await scores.BumpRevisionAsync(transaction, fetch.UserId, fetch.Region, cancellationToken);
                        break;
                }

                await transaction.CommitAsync(cancellationToken);
            }

            done++;
            var next = done < pages.Count ? pages[done] : read.Page;
            pump.ReportDetail(next is PlayDetailPage ? FetchStage.PlayDetails : FetchStage.MusicDetails, done, pages.Count, snapshotPace);
            stopped = done < pages.Count && !keepReading();
            return !stopped;
        }, cancellationToken);
        return new DetailOutcome(result, stopped);
    }

    private async Task StorePlayAsync(StorageTransaction transaction, FetchStatus fetch, string pluginVersion, QueuedPlay play, DetailPageRead read, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (read.Play is { } detail)
        {
            await plays.FillDetailAsync(transaction, fetch.UserId, fetch.Region, FetchCommitter.DetailOf(detail) with { PlayedAt = play.PlayedAt, Track = play.Track },
                cancellationToken);
        }
        else if (read.Warning is { } warning)
        {
            // Kept raw for a newer plugin; the play keeps the record's figures and stops pending.
            await warnings.InsertAsync(transaction, fetch.Id, fetch.UserId, fetch.Region, pluginVersion,
                [new NewParseWarning(warning.Kind.ToString(), warning.Reason, warning.Fragment)], now, cancellationToken);
            await fetches.AddWarningAsync(transaction, fetch.Id, cancellationToken);
            await plays.SettlePendingAsync(transaction, fetch.UserId, fetch.Region, play.PlayedAt, play.Track, cancellationToken);
        }

        await queue.RemovePlayAsync(transaction, fetch.UserId, fetch.Region, play.PlayedAt, play.Track, cancellationToken);
    }
}

/// <summary>How the detail phase ended: the scraper's read (null when nothing was queued), and whether it stopped with pages left because it was asked to.</summary>
internal sealed record DetailOutcome(DetailReadResult? Read, bool StoppedEarly);
