using Maimai.Core.Game;
using Maimai.Silo.Storage.Fetches;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Storage;

/// <summary>pending_play_details and pending_chart_details written in batches, on both providers (migration 0011).</summary>
public sealed class DetailQueueRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_first_fetch_queues_every_chart_across_batches_and_repeats_fold_as_upserts(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var user = await db.AddUserAsync();
        var chartIds = await db.AddChartsAsync(1_201);
        var queue = new DetailQueueRepository(db.Database);

        // More charts than one statement holds; chart 0 twice (its second idx wins, as a second upsert would make it),
        // and one play twice (the first row's fields, the second's idx).
        List<QueuedChart> charts = [.. chartIds.Select((id, i) => new QueuedChart(id, $"song-{i / 10}", ChartType.Dx, (Difficulty)(i % 5)))];
        charts.Add(charts[0] with { MusicIdx = "song-moved", Difficulty = Difficulty.ReMaster });
        QueuedPlay[] plays =
        [
            new(1_700_000_000, 1, "1700000000,1", 1_700_000_100, "first title", ChartType.Std, Difficulty.Master),
            new(1_700_000_000, 2, "1700000000,2", 1_700_000_100, "other", ChartType.Dx, Difficulty.Expert),
            new(1_700_000_000, 1, "1700000000,1b", 1_700_000_200, "second title", ChartType.Dx, Difficulty.Basic),
        ];

        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            Assert.Empty(await queue.QueueAsync(transaction, user, Region.Intl, 7, plays, charts, null).WaitAsync(Timeout));
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        var (queuedPlays, queuedCharts) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal(1_201, queuedCharts.Count);
        Assert.Equal(chartIds.Order(), queuedCharts.Select(c => c.ChartId).Order());
        Assert.Equal(charts[0] with { MusicIdx = "song-moved" }, queuedCharts.Single(c => c.ChartId == chartIds[0]));
        Assert.Equal(charts[1_200], queuedCharts.Single(c => c.ChartId == chartIds[1_200]));
        Assert.Equal(2, queuedPlays.Count);
        Assert.Equal(plays[0] with { PlaylogIdx = "1700000000,1b" }, queuedPlays.Single(p => p.Track == 1));
        var (jpPlays, jpCharts) = await queue.ListAsync(user, Region.Jp).WaitAsync(Timeout);
        Assert.Empty(jpPlays);
        Assert.Empty(jpCharts);

        // A later fetch queues a chart already waiting: one row still, with the newer idx.
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            await queue.QueueAsync(transaction, user, Region.Intl, 8, [], [charts[5] with { MusicIdx = "song-new" }], null).WaitAsync(Timeout);
            await transaction.CommitAsync().WaitAsync(Timeout);
        }

        (_, queuedCharts) = await queue.ListAsync(user, Region.Intl).WaitAsync(Timeout);
        Assert.Equal(1_201, queuedCharts.Count);
        Assert.Equal("song-new", queuedCharts.Single(c => c.ChartId == chartIds[5]).MusicIdx);
    }
}
