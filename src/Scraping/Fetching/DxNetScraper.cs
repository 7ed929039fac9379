using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Fetching;

/// <summary>
/// The request plan both regions share: playerData; if the total play count moved, the six score lists and
/// the record; then playlogDetail for new plays only and musicDetail for changed charts only. A plugin gives it
/// a <see cref="DxNetRegionSite"/> and its options.
/// </summary>
public sealed class DxNetScraper : IRegionScraper, IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoCookies = new Dictionary<string, string>(StringComparer.Ordinal);

    private readonly DxNetRegionSite _site;
    private readonly DxNetClient _client;
    private readonly Uri _siteUrl;
    private readonly Uri _gatewayUrl;

    public DxNetScraper(DxNetRegionSite site, ScraperOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.RequestGap < TimeSpan.Zero || options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RequestGap must be zero or more and Timeout more than zero.", nameof(options));
        }

        _site = site;
        _client = new DxNetClient(options, timeProvider);
        var root = Root(options.SiteBaseUrl ?? site.DefaultSiteBaseUrl);
        _siteUrl = new Uri(root, "maimai-mobile/");
        _gatewayUrl = Root(options.LoginGatewayUrl ?? site.DefaultLoginGatewayUrl ?? root);
    }

    public Region Region => _site.Region;

    public async Task<ScrapeResult> ScrapeAsync(ScrapeRequest request, IProgress<ScrapeProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new FetchRun(_client, _site, _siteUrl, _gatewayUrl, request.Session.Token, cancellationToken);
        try
        {
            var data = await ReadAsync(run, request, progress ?? NoProgress.Instance);
            return ScrapeResult.Success(data, run.SiteCookies, run.Session.Requests, run.Session.RequestsByStage);
        }
        catch (ScrapeAbortedException e)
        {
            return ScrapeResult.Fail(e.Failure, run.SiteCookies, run.Session.Requests, run.Session.RequestsByStage);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not ScrapeCanceledException)
        {
            throw new ScrapeCanceledException(run.SiteCookies, e, cancellationToken);
        }
    }

    /// <summary>
    /// Logs in with the token alone (stored session cookies are ignored: the token itself is on trial) and reads
    /// playerData, the cheapest page that proves a session: it shows the player, or the site's error page.
    /// </summary>
    public async Task<TokenCheckResult> CheckTokenAsync(MaimaiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var run = new FetchRun(_client, _site, _siteUrl, _gatewayUrl, token, cancellationToken);
        try
        {
            await run.StartAsync(NoCookies);
            await run.PageAsync(FetchPlan.PlayerDataPath, PlayerPageParser.Parse);
            return TokenCheckResult.Valid(run.SiteCookies, run.Session.Requests);
        }
        catch (ScrapeAbortedException e)
        {
            return TokenCheckResult.Fail(e.Failure, run.Session.Requests);
        }
    }

    /// <summary>Both regions share the page markup, so the shared row parsers read either region's rows.</summary>
    public RowReparse Reparse(RowWarning warning) => RowReparser.Reparse(warning);

    /// <summary>Starts as a fetch does (stored cookies first, the token when they lapsed) and reads playerData alone.</summary>
    public async Task<PlayCountResult> ReadPlayCountAsync(DxNetSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var run = new FetchRun(_client, _site, _siteUrl, _gatewayUrl, session.Token, cancellationToken);
        try
        {
            await run.StartAsync(session.Cookies);
            var profile = await run.PageAsync(FetchPlan.PlayerDataPath, PlayerPageParser.Parse);
            return profile.TotalPlayCount is { } count
                ? PlayCountResult.Read(count, run.SiteCookies, run.Session.Requests)
                : PlayCountResult.Fail(new UnexpectedPageFailure(FetchPlan.PlayerDataPath,
                    new UnexpectedPage(DxNetPageKind.PlayerData, "it shows no total play count", "")), run.SiteCookies, run.Session.Requests);
        }
        catch (ScrapeAbortedException e)
        {
            return PlayCountResult.Fail(e.Failure, run.SiteCookies, run.Session.Requests);
        }
    }

    public bool ReadsDetailsLater => true;

    /// <summary>
    /// Play pages first (their idx positions move as the player plays), then song pages. A play page that shows
    /// another play means the record moved on: the rest of the play pages would be stale too, so they are left
    /// for the next fetch, which reads a newer record.
    /// </summary>
    public async Task<DetailReadResult> ReadDetailsAsync(DxNetSession session, IReadOnlyList<DetailPage> pages, Func<DetailPageRead, Task<bool>> store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(store);
        var run = new FetchRun(_client, _site, _siteUrl, _gatewayUrl, session.Token, cancellationToken);
        try
        {
            await run.StartAsync(session.Cookies);
            var moved = false;
            foreach (var page in pages)
            {
                switch (page)
                {
                    case PlayDetailPage play when !moved:
                        run.Session.Stage = FetchStage.PlayDetails;
                        var (detail, warning) = await run.PageOrWarningAsync(FetchPlan.PlaylogDetailPath(play.Idx), PlaylogDetailPageParser.Parse);
                        moved = detail is not null && !IsSamePlay(detail.Record, play);
                        var more = await store(moved ? new DetailPageRead(page, null, null, null, Moved: true)
                            : new DetailPageRead(page, detail is null ? null : detail with { Record = detail.Record with { Idx = play.Idx } }, null, warning));
                        if (!more)
                        {
                            return Result(null);
                        }

                        break;

                    case MusicDetailPage music:
                        run.Session.Stage = FetchStage.MusicDetails;
                        if (!await store(new DetailPageRead(page, null, await run.PageAsync(FetchPlan.MusicDetailPath(music.Idx), MusicDetailPageParser.Parse), null)))
                        {
                            return Result(null);
                        }

                        break;
                }
            }

            return Result(null);
        }
        catch (ScrapeAbortedException e)
        {
            return Result(e.Failure);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e is not ScrapeCanceledException)
        {
            throw new ScrapeCanceledException(run.SiteCookies, e, cancellationToken);
        }

        DetailReadResult Result(ScrapeFailure? failure) => new(failure, run.SiteCookies, run.Session.Requests, run.Session.RequestsByStage);
    }

    public void Dispose() => _client.Dispose();

    private static bool IsSamePlay(RecordEntry shown, PlayDetailPage asked) =>
        shown.Track == asked.Track && shown.PlayedAt == asked.ShownAt && shown.Difficulty == asked.Difficulty
        && shown.Type == asked.Type && string.Equals(shown.Title, asked.Title, StringComparison.Ordinal);

    private static async Task<ScrapedData> ReadAsync(FetchRun run, ScrapeRequest request, IProgress<ScrapeProgress> progress)
    {
        var known = request.Known;
        if (run.NeedsLogin(request.Session.Cookies))
        {
            progress.Report(new ScrapeProgress(FetchStage.Login, 0, 1));
        }

        await run.StartAsync(request.Session.Cookies);
        var done = 0;
        var total = 1;
        var warnings = new List<RowWarning>();
        Report(FetchStage.PlayerData);
        var profile = await run.PageAsync(FetchPlan.PlayerDataPath, PlayerPageParser.Parse);
        done++;
        if (!FetchPlan.NeedsScores(profile, known))
        {
            Report(FetchStage.PlayerData);
            return new ScrapedData(profile, ChartScores.Unchanged, null, [], [], []);
        }

        total += FetchPlan.ScoreListDifficulties.Count + 1;
        var rows = new List<ScoreListRow>();
        foreach (var difficulty in FetchPlan.ScoreListDifficulties)
        {
            Report(FetchStage.Scores);
            var page = await run.PageAsync(FetchPlan.ScoreListPath(difficulty), ScoreListPageParser.Parse);
            rows.AddRange(page.Rows);
            warnings.AddRange(page.Warnings.Select(run.Scrubbed));
            done++;
        }

        var changed = FetchPlan.ChangedRows(rows, known.Scores);
        var songs = FetchPlan.MusicDetailIdxs(changed);
        Report(FetchStage.Record);
        var record = await run.PageAsync(FetchPlan.RecordPath, RecordPageParser.Parse);
        warnings.AddRange(record.Warnings.Select(run.Scrubbed));
        done++;

        var scores = new ChartScores(false, rows, [.. changed.Select(ChartScores.KeyOf)]);
        if (request.DetailsLater)
        {
            // The snapshot's pages are read; the host queues the detail pages and reads them with ReadDetailsAsync.
            Report(FetchStage.Record);
            return new ScrapedData(profile, scores, record, [], [], warnings);
        }

        var newPlays = FetchPlan.NewPlays(record, known.StoredPlays);
        total += newPlays.Count + songs.Count;
        var details = new List<PlayDetail>(newPlays.Count);
        foreach (var play in newPlays)
        {
            Report(FetchStage.PlayDetails);
            var (read, warning) = await run.PageOrWarningAsync(FetchPlan.PlaylogDetailPath(play.Idx!), PlaylogDetailPageParser.Parse);
            done++;
            if (read is not { } detail)
            {
                // The play is kept raw and left out; the next fetch asks again only if it is still not stored.
                warnings.Add(warning!);
                continue;
            }

            if (!FetchPlan.IsSamePlay(detail.Record, play))
            {
                // The record moved on between the two requests (a play finished meanwhile): the slot holds another play.
                throw new ScrapeAbortedException(new UnexpectedPageFailure(FetchPlan.PlaylogDetailPath(play.Idx!),
                    new UnexpectedPage(DxNetPageKind.PlaylogDetail,
                        $"asked for track {play.Track} at {play.PlayedAt:yyyy-MM-dd HH:mm} but the page shows track {detail.Record.Track} at {detail.Record.PlayedAt:yyyy-MM-dd HH:mm}",
                        detail.Record.Title)));
            }

            // The detail page carries no idx of its own: keep the record's, which holds the play time to the second.
            details.Add(detail with { Record = detail.Record with { Idx = play.Idx } });
        }

        var music = new List<MusicDetail>(songs.Count);
        foreach (var idx in songs)
        {
            Report(FetchStage.MusicDetails);
            music.Add(await run.PageAsync(FetchPlan.MusicDetailPath(idx), MusicDetailPageParser.Parse));
            done++;
        }

        Report(FetchStage.MusicDetails);
        return new ScrapedData(profile, scores, record, details, music, warnings);

        // The stage goes to the watchers and labels the requests that follow (login keeps its own).
        void Report(FetchStage stage)
        {
            run.Session.Stage = stage;
            progress.Report(new ScrapeProgress(stage, done, total));
        }
    }

    private static Uri Root(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private sealed class NoProgress : IProgress<ScrapeProgress>
    {
        public static readonly NoProgress Instance = new();

        public void Report(ScrapeProgress value)
        {
        }
    }
}
