using Maimai.Core.Game;
using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Player;
using Maimai.DxNetSimulator.Requests;
using Maimai.Scraping.Contract;
using Maimai.Silo.Plugins;
using Maimai.Testing.Scraping;
using Xunit.Abstractions;

namespace Maimai.Silo.Tests.Plugins;

/// <summary>
/// The real Intl and Jp plugins, loaded through the Silo's loader, fetch from the simulator: a full fetch, an
/// unchanged re-fetch and a re-fetch after two new plays, with request counts taken from the simulator's log.
/// </summary>
public sealed class PluginFetchTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Region.Intl)]
    [InlineData(Region.Jp)]
    public async Task A_full_fetch_then_an_unchanged_one_then_two_new_plays_read_only_what_changed(Region region)
    {
        await using var sim = await StartSimulatorAsync(region);
        using var lease = ScraperFor(sim);
        var scraper = lease.Scraper;
        var before = sim.Snapshot();

        // Full: playerData + 6 score lists + record + every recent play + one musicDetail per played song.
        var full = await FetchAsync(scraper, ScrapeInputs.SessionOf(new MaimaiToken(MaimaiTokenKind.UserId, sim.Sessions.Current!)), ScrapeInputs.NothingKnown);
        var playedSongs = before.Scores.Select(s => s.SongId).Distinct().Count();
        output.WriteLine($"{region}: full fetch {sim.Requests.Total} requests = 1 + 6 + 1 + {before.Recent.Count} playlogDetail + {playedSongs} musicDetail");
        AssertRequests(sim, scoreLists: 6, record: 1, playlogDetails: before.Recent.Count, musicDetails: playedSongs);
        Assert.Equal(50, before.Recent.Count);
        ParseBack.AssertMatches(before, full.Data!);

        // Unchanged: only playerData.
        sim.Requests.Reset();
        var known = ScrapeInputs.NothingKnown.After(full.Data!);
        var unchanged = await FetchAsync(scraper, new DxNetSession(full.Token, full.Cookies), known);
        Assert.True(unchanged.Data!.Scores.IsUnchanged);
        Assert.Null(unchanged.Data.Record);
        Assert.Empty(unchanged.Data.NewPlays);
        Assert.Equal([PageKind.PlayerData], sim.Requests.Entries().Select(e => e.Kind));

        // Two new plays: playerData + score lists + record + 2 playlogDetail + musicDetail for the songs whose best moved.
        sim.Requests.Reset();
        var added = sim.AddPlays(2);
        var after = sim.Snapshot();
        var changedSongs = ChangedSongs(before, after);
        var next = await FetchAsync(scraper, new DxNetSession(full.Token, unchanged.Cookies), known.After(unchanged.Data));
        output.WriteLine($"{region}: after 2 plays {sim.Requests.Total} requests = 1 + 6 + 1 + 2 playlogDetail + {changedSongs.Count} musicDetail");
        AssertRequests(sim, scoreLists: 6, record: 1, playlogDetails: 2, musicDetails: changedSongs.Count);
        Assert.Equal(added.Select(p => p.UnixTime).Reverse(), next.Data!.NewPlays.Select(p => p.Record.Idx!.UnixTime));
        Assert.Equal(changedSongs.Order(), next.Data.MusicDetails.Select(m => ParseBack.SongOf(after, m).Id).Order());
        ParseBack.AssertMatches(after, next.Data);
    }

    [Fact]
    public async Task The_intl_plugin_logs_in_with_a_clal_token()
    {
        await using var sim = await StartSimulatorAsync(Region.Intl, strict: true);
        using var lease = ScraperFor(sim);
        var scraper = lease.Scraper;

        var result = await FetchAsync(scraper, ScrapeInputs.SessionOf(new MaimaiToken(MaimaiTokenKind.Clal, sim.Sessions.ClalToken)), ScrapeInputs.NothingKnown);

        Assert.Equal(PageKind.Login, sim.Requests.Entries()[0].Kind);
        Assert.Equal(sim.Sessions.Current, result.Cookies["userId"]);
        ParseBack.AssertMatches(sim.Snapshot(), result.Data!);
    }

    private static List<int> ChangedSongs(SimulatorSnapshot before, SimulatorSnapshot after)
    {
        var old = before.Scores.ToDictionary(s => (s.SongId, s.Difficulty));
        return [.. after.Scores
            .Where(s => !old.TryGetValue((s.SongId, s.Difficulty), out var o)
                || (o.Achievement, o.DxScore, o.ComboLamp, o.SyncLamp) != (s.Achievement, s.DxScore, s.ComboLamp, s.SyncLamp))
            .Select(s => s.SongId)
            .Distinct()];
    }

    private static void AssertRequests(RunningSimulator sim, int scoreLists, int record, int playlogDetails, int musicDetails)
    {
        var counts = sim.Requests.Counts();
        var expected = new Dictionary<PageKind, int>
        {
            [PageKind.PlayerData] = 1,
            [PageKind.ScoreList] = scoreLists,
            [PageKind.Record] = record,
            [PageKind.PlaylogDetail] = playlogDetails,
            [PageKind.MusicDetail] = musicDetails,
        };
        Assert.Equal(expected.Where(e => e.Value > 0).OrderBy(e => e.Key), counts.OrderBy(e => e.Key));
        Assert.Equal(1 + scoreLists + record + playlogDetails + musicDetails, sim.Requests.Total);
        var entries = sim.Requests.Entries();
        Assert.Equal(PageKind.PlayerData, entries[0].Kind);
        Assert.Equal(["diff=0", "diff=1", "diff=2", "diff=3", "diff=4", "diff=10"],
            entries.Where(e => e.Kind == PageKind.ScoreList).Select(e => e.PathAndQuery[e.PathAndQuery.IndexOf("diff=", StringComparison.Ordinal)..]));
    }

    private static async Task<RunningSimulator> StartSimulatorAsync(Region region, bool strict = true) =>
        await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions
        {
            Region = region,
            SongCount = 150,
            UtageCount = 3,
            StrictSessions = strict,
        }).WaitAsync(Timeout);

    private static ScraperLease ScraperFor(RunningSimulator sim)
    {
        var name = sim.Region.ToString();
        var registry = Plugins.Load(Plugins.BuiltFolder, new RecordingLogger(), new Dictionary<string, string?>
        {
            [$"Plugins:{name}:SiteBaseUrl"] = sim.BaseUrl.ToString(),
            [$"Plugins:{name}:LoginGatewayUrl"] = sim.GatewayUrl.ToString(),
            [$"Plugins:{name}:RequestGap"] = "00:00:00",
            [$"Plugins:{name}:Timeout"] = "00:00:20",
        });
        var lease = registry.Acquire(sim.Region);
        Assert.True(lease is not null, string.Join("; ", registry.Problems));
        return lease;
    }

    private static async Task<(ScrapedData? Data, MaimaiToken Token, IReadOnlyDictionary<string, string> Cookies)> FetchAsync(
        IRegionScraper scraper, DxNetSession session, KnownState known)
    {
        var result = await scraper.ScrapeAsync(new ScrapeRequest(session, known), null, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(result.Failure is null, result.Failure?.Message);
        return (result.Data, session.Token, result.SessionCookies);
    }
}
