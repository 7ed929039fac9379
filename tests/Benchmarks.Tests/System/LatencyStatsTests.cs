using Maimai.Benchmarks.SystemBench;

namespace Maimai.Benchmarks.Tests.SystemBench;

/// <summary>The system load's percentiles: nearest rank over every recorded value.</summary>
public sealed class LatencyStatsTests
{
    [Fact]
    public void Percentiles_of_one_to_a_hundred_are_the_rank_itself()
    {
        var stats = new LatencyStats();
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            stats.Record(ms);
        }

        Assert.Equal(50, stats.Percentile(50));
        Assert.Equal(95, stats.Percentile(95));
        Assert.Equal(99, stats.Percentile(99));
        Assert.Equal(100, stats.Percentile(100));
        Assert.Equal(100, stats.Count);
    }

    [Fact]
    public void A_small_sample_rounds_the_rank_up_so_a_single_slow_call_shows_at_p95()
    {
        // 19 fast calls and one slow: rank ceil(0.95 * 20) = 19 is fast, ceil(0.99 * 20) = 20 is the slow one.
        double[] values = [.. Enumerable.Repeat(2.0, 19), 250.0];
        Assert.Equal(2.0, LatencyStats.Percentile(values, 95));
        Assert.Equal(250.0, LatencyStats.Percentile(values, 99));
        Assert.Equal(2.0, LatencyStats.Percentile(values, 0.1));
    }

    [Fact]
    public void No_values_have_no_percentile_and_failures_are_counted_by_code_not_timed()
    {
        var stats = new LatencyStats();
        stats.Fail("UNAVAILABLE");
        stats.Fail("UNAVAILABLE");
        stats.Fail("DEADLINE_EXCEEDED");

        Assert.Null(stats.Percentile(95));
        Assert.Equal(0, stats.Count);
        Assert.Equal(2, stats.Failures()["UNAVAILABLE"]);
        Assert.Equal(1, stats.Failures()["DEADLINE_EXCEEDED"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyStats.Percentile([1.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyStats.Percentile([1.0], 101));
    }
}
