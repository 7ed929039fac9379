using Maimai.Scraping.Fetching;
using Maimai.Scraping.Tests.Simulator;

namespace Maimai.Scraping.Tests.Fetching;

/// <summary>At most one page parse per core at once, however many fetches run; a failed or cancelled parse gives its slot back.</summary>
public sealed class ParseGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task No_more_parses_than_its_width_run_at_once_and_the_rest_run_after()
    {
        using var gate = new ParseGate(2);
        using var release = new ManualResetEventSlim();
        var entered = 0;
        var parses = Enumerable.Range(0, 6).Select(i => Task.Run(() => gate.RunAsync(() =>
        {
            Interlocked.Increment(ref entered);
            release.Wait(Timeout);
            return i;
        }, CancellationToken.None))).ToList();

        while (Volatile.Read(ref entered) < 2)
        {
            await Task.Delay(10).WaitAsync(Timeout);
        }

        await Task.Delay(300).WaitAsync(Timeout); // time for a third to get in, were the gate open
        Assert.Equal(2, Volatile.Read(ref entered));

        release.Set();
        var results = await Task.WhenAll(parses).WaitAsync(Timeout);
        Assert.Equal([0, 1, 2, 3, 4, 5], results.Order());
        Assert.Equal(6, entered);
        Assert.Equal(2, gate.Peak);
    }

    [Fact]
    public async Task A_parse_that_throws_gives_its_slot_back()
    {
        using var gate = new ParseGate(1);
        await Assert.ThrowsAsync<FormatException>(() => gate.RunAsync<int>(() => throw new FormatException("garbage"), CancellationToken.None)).WaitAsync(Timeout);

        Assert.Equal(7, await gate.RunAsync(() => 7, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_fetch_cancelled_while_waiting_takes_no_slot()
    {
        using var gate = new ParseGate(1);
        using var release = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        var holder = Task.Run(() => gate.RunAsync(() =>
        {
            entered.Release();
            release.Wait(Timeout);
            return 1;
        }, CancellationToken.None));
        Assert.True(await entered.WaitAsync(Timeout));

        using var cancel = new CancellationTokenSource();
        var waiting = gate.RunAsync(() => 2, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(Timeout);

        release.Set();
        Assert.Equal(1, await holder.WaitAsync(Timeout));
        Assert.Equal(3, await gate.RunAsync(() => 3, CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Scrapes_run_at_once_parse_through_the_shared_gate_and_all_succeed()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var scraper = ScraperHarness.For(sim);
        var request = ScraperHarness.WithUserId(sim);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => scraper.RunAsync(request))).WaitAsync(TestSimulator.Timeout);

        Assert.All(results, r => Assert.Equal(ScraperHarness.DataOf(results[0]).Scores.Rows.Count, ScraperHarness.DataOf(r).Scores.Rows.Count));
        Assert.InRange(ParseGate.Shared.Peak, 1, Environment.ProcessorCount);
    }
}
