using System.Collections.Concurrent;
using Maimai.Silo.Fetching;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// The sweep settles each lost fetch on its own: a grain that never answers (its silo SIGSTOPped) or one that fails
/// does not hold back or stop the others; each is logged and left for the next sweep.
/// </summary>
public sealed class LostFetchSweeperTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_grain_that_never_answers_and_one_that_fails_leave_the_other_lost_fetches_settled()
    {
        long[] lost = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var settled = new ConcurrentBag<long>();
        var failed = new ConcurrentDictionary<long, Exception>();
        var never = new TaskCompletionSource();

        var count = await LostFetchSweeper.SettleEachAsync(lost, async (id, token) =>
        {
            if (id == 1)
            {
                await never.Task.WaitAsync(token); // a silo that stopped answering
            }

            if (id == 2)
            {
                throw new TimeoutException("the grain's silo is away");
            }

            settled.Add(id);
        }, TimeSpan.FromMilliseconds(500), (id, e) => failed[id] = e, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(10, count);
        Assert.Equal(lost[2..], settled.Order());
        Assert.Equal([1L, 2L], failed.Keys.Order());
        Assert.IsAssignableFrom<OperationCanceledException>(failed[1]);
        Assert.IsType<TimeoutException>(failed[2]);
    }

    [Fact]
    public async Task A_sweep_stopped_by_its_own_token_ends_instead_of_counting_it_as_a_failed_fetch()
    {
        using var stop = new CancellationTokenSource();
        var failed = 0;

        var sweep = LostFetchSweeper.SettleEachAsync([1L], async (_, token) =>
        {
            await stop.CancelAsync();
            await Task.Delay(Timeout, token);
        }, Timeout, (_, _) => Interlocked.Increment(ref failed), stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweep.WaitAsync(Timeout));
        Assert.Equal(0, failed);
    }

    [Fact]
    public async Task An_error_that_is_not_the_silo_or_database_being_away_is_not_swallowed()
    {
        var sweep = LostFetchSweeper.SettleEachAsync([1L], (_, _) => throw new InvalidCastException("a bug"), Timeout, (_, _) => { }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidCastException>(() => sweep.WaitAsync(Timeout));
    }
}
