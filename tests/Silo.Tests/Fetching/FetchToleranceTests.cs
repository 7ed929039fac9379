using Dapper;
using Maimai.Core.Fetching;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.Silo.Fetching;
using Maimai.Silo.Storage.Fetches;
using Maimai.Silo.Storage.Plays;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// One odd row never sinks a fetch: the real Intl plugin against the simulator with one unreadable record entry;
/// the fetch completes with one warning kept raw (and scrubbed), the other plays stored, and the pages it requested.
/// A page that is not the expected page at all still fails the fetch.
/// </summary>
public sealed class FetchToleranceTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_record_with_one_unreadable_entry_completes_with_one_warning_and_the_other_plays_stored()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        var sim = world.Simulator.Snapshot();
        world.Simulator.Faults.Add(FaultRule.Once(FaultKind.OddEntry, PageKind.Record));

        var fetch = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.True(fetch.State == FetchState.Completed, $"{fetch.ErrorCode}: {fetch.ErrorMessage}\n{node.Logs}");
        Assert.Equal(1, fetch.WarningCount);
        var plays = await new RecentPlayRepository(world.Database).ListAsync(world.UserId, world.Region, long.MaxValue, long.MaxValue, int.MaxValue, 100)
            .WaitAsync(Timeout);
        Assert.Equal(sim.Recent.Count - 1, plays.Count);
        // The odd entry is the newest play (the first achievement on the page): it is not stored, and not guessed.
        Assert.DoesNotContain(plays, p => p.PlayedAt == sim.Recent[0].UnixTime && p.Track == sim.Recent[0].Track);

        var warning = Assert.Single(await new ParseWarningRepository(world.Database).ListForFetchAsync(world.UserId, fetch.Id).WaitAsync(Timeout));
        Assert.Equal(("Record", "unreadable achievement", world.Region), (warning.PageKind, warning.Reason, warning.Region));
        Assert.StartsWith("Maimai.Plugins.Intl ", warning.PluginVersion, StringComparison.Ordinal);
        Assert.Contains("??.????%", warning.Fragment, StringComparison.Ordinal);
        Assert.Contains(sim.Recent[0].Idx, warning.Fragment, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Simulator.Sessions.Current!, warning.Fragment, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Simulator.Sessions.Current!, node.Logs.ToString(), StringComparison.Ordinal);

        // Politeness you can see: what the fetch requested, by stage, is what the site received.
        var seen = world.Simulator.Requests.Counts();
        Assert.Equal(
            [(FetchStage.PlayerData, 1), (FetchStage.Scores, 6), (FetchStage.Record, 1), (FetchStage.PlayDetails, seen[PageKind.PlaylogDetail]), (FetchStage.MusicDetails, seen[PageKind.MusicDetail])],
            fetch.PagesRequested!.Counts.Select(c => (c.Key, c.Value)));
        Assert.Equal(sim.Recent.Count - 1, seen[PageKind.PlaylogDetail]);
        Assert.Equal(world.Simulator.Requests.Total, fetch.PagesRequested.Total);
        Assert.Empty(node.Logs.Errors);

        // Today's plugin still cannot read it, so it stays unread; mended (as a newer build would read it), it is read
        // and marked with the build, once.
        var reader = node.Services.GetRequiredService<ParseWarningReader>();
        var pass = await reader.ReadAgainAsync(world.Region, 10, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((1, 0), (pass.StillUnreadable, pass.Read.Count));
        await using (var connection = await world.Database.OpenAsync().WaitAsync(Timeout))
        {
            var whole = sim.Recent[0].Achievement.ToString();
            await connection.ExecuteAsync("UPDATE parse_warnings SET fragment = REPLACE(fragment, '??.????%', @Whole) WHERE id = @Id",
                new { Whole = whole[..whole.IndexOf('.', StringComparison.Ordinal)], warning.Id }).WaitAsync(Timeout);
        }

        pass = await reader.ReadAgainAsync(world.Region, 10, CancellationToken.None).WaitAsync(Timeout);
        var (readWarning, result) = Assert.Single(pass.Read);
        Assert.Equal(warning.Id, readWarning.Id);
        Assert.Equal(sim.Recent[0].Achievement, result.Entry!.Achievement);
        Assert.Equal(sim.Recent[0].Idx, result.Entry.Idx!.Raw);
        Assert.Empty((await reader.ReadAgainAsync(world.Region, 10, CancellationToken.None).WaitAsync(Timeout)).Read);
    }

    [Fact]
    public async Task A_maintenance_page_mid_fetch_still_fails_it_and_keeps_no_warning()
    {
        await using var world = await FetchWorld.CreateAsync(postgres);
        var node = await world.StartNodeAsync();
        world.Simulator.Faults.Add(FaultRule.Once(FaultKind.MaintenancePage, PageKind.Record));

        var fetch = await node.FetchToEndAsync(world.UserId, world.Region);

        Assert.Equal(FetchState.Failed, fetch.State);
        Assert.Equal(FetchErrorCode.Maintenance, fetch.ErrorCode);
        Assert.Equal(0, fetch.WarningCount);
        Assert.Equal("PlayerData=1;Scores=6;Record=1", fetch.PagesRequested?.ToString());
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM parse_warnings"));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM detailed_scores"));
    }
}
