using System.Reflection;
using System.Runtime.Loader;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;
using Maimai.Silo.Fetching;
using Maimai.Silo.Plugins;
using Maimai.Silo.Plugins.Internal;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// After a plugin update, a record entry a fetch kept raw becomes a play: the real Intl plugin against the simulator
/// keeps one unreadable entry (49 plays, 1 warning); a newer build that reads it is served, the production re-parse
/// stores the entry as a pending play of that user and region with the site's values, marks the warning read, and a
/// second re-parse stores nothing more.
/// </summary>
public sealed class FetchReparseTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_kept_record_entry_is_stored_as_a_play_once_a_newer_plugin_reads_it()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var sim = world.Simulator.Snapshot();
        world.Simulator.Faults.Add(FaultRule.Once(FaultKind.OddEntry, PageKind.Record));
        var fetch = await node.FetchToEndAsync(world.UserId, world.Region);
        Assert.True(fetch.State == FetchState.Completed, $"{fetch.ErrorCode}: {fetch.ErrorMessage}\n{node.Logs}");
        var odd = sim.Recent[0];
        var playRepository = new RecentPlayRepository(world.Database);
        Assert.Equal(sim.Recent.Count - 1, (await PlaysAsync(playRepository, world)).Count);
        var warning = Assert.Single(await new ParseWarningRepository(world.Database).ListForFetchAsync(world.UserId, fetch.Id).WaitAsync(Timeout));

        // Today's build cannot read it: the admin's re-parse stores nothing and says so.
        var actor = AuditActor.Admin(world.UserId);
        var report = await AdminOver(node, world, node.Services.GetRequiredService<IScraperRegistry>())
            .ReparseAsync(world.Region, actor, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((0, 1, 0), (report.Read, report.StillUnreadable, report.PlaysStored));

        // The newer build reads the variant (its cell is the whole percentage before the decimals) with the same row
        // parser a fetch runs; everything after that is the production re-parse and store.
        var whole = odd.Achievement.ToString();
        using var next = new NextBuildRegistry(world.Region, "??.????%", whole[..whole.IndexOf('.', StringComparison.Ordinal)]);
        var reader = ReaderOver(node, world, next);
        var admin = AdminOver(node, world, next);
        report = await admin.ReparseAsync(world.Region, actor, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((NextBuildRegistry.Version, 1, 0, 1), (report.PluginVersion, report.Read, report.StillUnreadable, report.PlaysStored));

        var plays = await PlaysAsync(playRepository, world);
        Assert.Equal(sim.Recent.Count, plays.Count);
        var recovered = Assert.Single(plays, p => p.PlayedAt == odd.UnixTime && p.Track == odd.Track);
        Assert.Equal((odd.Title, odd.Type, odd.Difficulty, odd.Achievement, odd.DxScore, odd.MaxDxScore, odd.ComboLamp, odd.SyncLamp),
            (recovered.Title, recovered.ChartType, recovered.Difficulty, recovered.Achievement, recovered.DxScore, recovered.DxScoreMax, recovered.ComboLamp, recovered.SyncLamp));
        Assert.NotNull(recovered.ChartId);
        // Its playlogDetail was never read: pending, never a guessed judgement or FAST/LATE, and queued for the next fetch.
        Assert.True(recovered.DetailPending);
        Assert.Equal((null, null, null, null), (recovered.Judgements, recovered.Fast, recovered.Late, recovered.MaxCombo));
        Assert.Equal(1, await world.CountAsync(
            $"SELECT COUNT(*) FROM pending_play_details WHERE user_id = {world.UserId} AND played_at = {recovered.PlayedAt} AND track = {recovered.Track} AND queued_by = {fetch.Id}"));

        var marked = Assert.Single(await new ParseWarningRepository(world.Database).ListForFetchAsync(world.UserId, fetch.Id).WaitAsync(Timeout));
        Assert.Equal((warning.Id, NextBuildRegistry.Version), (marked.Id, marked.ReparsedBy));
        Assert.NotNull(marked.ReparsedAt);

        // A second re-parse, with either build, finds nothing unread and stores nothing more.
        var pass = await reader.ReadAgainAsync(world.Region, 10, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((0, 0, 0), (pass.Read.Count, pass.StillUnreadable, pass.PlaysStored));
        report = await admin.ReparseAsync(world.Region, actor, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((0, 0, 0), (report.Read, report.StillUnreadable, report.PlaysStored));
        Assert.Equal(sim.Recent.Count, (await PlaysAsync(playRepository, world)).Count);
        Assert.Equal(sim.Recent.Count, await world.CountAsync($"SELECT COUNT(*) FROM detailed_scores WHERE user_id = {world.UserId}"));
        Assert.Empty(node.Logs.Errors);
    }

    [Fact]
    public async Task A_warning_already_read_by_another_pass_stores_no_play()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var sim = world.Simulator.Snapshot();
        world.Simulator.Faults.Add(FaultRule.Once(FaultKind.OddEntry, PageKind.Record));
        var fetch = await node.FetchToEndAsync(world.UserId, world.Region);
        var warnings = node.Services.GetRequiredService<ParseWarningRepository>();
        var warning = Assert.Single(await warnings.ListForFetchAsync(world.UserId, fetch.Id).WaitAsync(Timeout));

        // Another silo's pass marked it first; this one holds the entry it read but must not store it a second time.
        Assert.True(await warnings.MarkReparsedAsync(warning.Id, "other", world.Clock.GetUtcNow()).WaitAsync(Timeout));
        var whole = sim.Recent[0].Achievement.ToString();
        var entry = RowReparser.Reparse(new RowWarning(DxNetPageKind.Record, warning.Reason,
            warning.Fragment.Replace("??.????%", whole[..whole.IndexOf('.', StringComparison.Ordinal)], StringComparison.Ordinal))).Entry!;
        var outcome = await node.Services.GetRequiredService<RecoveredPlayStore>()
            .StoreAsync(warning, entry, NextBuildRegistry.Version, world.Clock.GetUtcNow(), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(RecoveredPlayOutcome.AlreadyRead, outcome);
        Assert.Equal(sim.Recent.Count - 1, await world.CountAsync($"SELECT COUNT(*) FROM detailed_scores WHERE user_id = {world.UserId}"));
        Assert.Equal("other", Assert.Single(await warnings.ListForFetchAsync(world.UserId, fetch.Id).WaitAsync(Timeout)).ReparsedBy);
    }

    private static ParseWarningReader ReaderOver(FetchTestNode node, FetchWorld world, IScraperRegistry registry) =>
        new(node.Services.GetRequiredService<ParseWarningRepository>(), node.Services.GetRequiredService<RecoveredPlayStore>(), registry, world.Clock);

    // The admin's re-parse action as the host composes it (the fetch node hosts no admin pages).
    private static PluginAdmin AdminOver(FetchTestNode node, FetchWorld world, IScraperRegistry registry) =>
        new(registry, node.Services.GetRequiredService<IConfiguration>(), node.Services.GetRequiredService<ParseWarningRepository>(),
            ReaderOver(node, world, registry), new AuditRepository(world.Database), world.Clock);

    private static Task<IReadOnlyList<RecentPlay>> PlaysAsync(RecentPlayRepository plays, FetchWorld world) =>
        plays.ListAsync(world.UserId, world.Region, long.MaxValue, long.MaxValue, int.MaxValue, 100).WaitAsync(Timeout);

    /// <summary>
    /// Serves a newer build of the region's plugin for re-parsing only: it reads the odd cell the older build could
    /// not (a cell text replaced by its reading) and then runs the shared row parser on the fragment.
    /// </summary>
    private sealed class NextBuildRegistry : IScraperRegistry, IDisposable
    {
        public const string Version = "Maimai.Plugins.Intl.Next 2.0.0.0";

        private readonly Region _region;
        private readonly NextScraper _scraper;
        private readonly PluginBuild _build = new("next", new AssemblyName("Maimai.Plugins.Intl.Next, Version=2.0.0.0"),
            new AssemblyLoadContext("next-build", isCollectible: true), NullLogger.Instance);

        public NextBuildRegistry(Region region, string cell, string reading) => (_region, _scraper) = (region, new NextScraper(cell, reading));

        public IReadOnlyCollection<Region> AvailableRegions => [_region];

        public IReadOnlyCollection<Region> UnavailableRegions => [];

        public IReadOnlyList<PluginProblem> Problems => [];

        public IReadOnlyList<ServingPlugin> Serving => [new(_region, _build.Assembly, _build.Version, _build.Folder, FetchWorld.Start)];

        public ScraperLease? Acquire(Region region) =>
            region == _region && _build.TryAddLease() ? new ScraperLease(region, _scraper, _build) : null;

        public bool IsAvailable(Region region) => region == _region;

        public void Dispose() => _build.Retire();
    }

    private sealed class NextScraper(string cell, string reading) : IRegionScraper
    {
        public Region Region => throw new NotSupportedException("re-parse only");

        public RowReparse Reparse(RowWarning warning) =>
            RowReparser.Reparse(warning with { Fragment = warning.Fragment.Replace(cell, reading, StringComparison.Ordinal) });

        public Task<ScrapeResult> ScrapeAsync(ScrapeRequest request, IProgress<ScrapeProgress>? progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException("re-parse only");

        public Task<TokenCheckResult> CheckTokenAsync(MaimaiToken token, CancellationToken cancellationToken) =>
            throw new NotSupportedException("re-parse only");

        public Task<PlayCountResult> ReadPlayCountAsync(DxNetSession session, CancellationToken cancellationToken) =>
            throw new NotSupportedException("re-parse only");
    }
}
