using System.Globalization;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Snapshots;
using Maimai.Silo.Retention;
using Maimai.Silo.Snapshots;
using Maimai.Silo.Storage.Audit;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Storage;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Tests.Retention;

/// <summary>
/// Two years of snapshots, two a day, thinned on a fake service clock: all of the last 90 days stay, one a day up
/// to a year, one a week before; the latest always; and every kept snapshot reads exactly what it read before.
/// On PostgreSQL one every six days: seeding 1,460 snapshots takes minutes there on a loaded machine.
/// </summary>
public sealed class SnapshotThinningTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly DateTimeOffset Start = new(2023, 1, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddDays(730);

    [Theory]
    [InlineData("Sqlite", 12)]
    [InlineData("Postgres", 144)]
    public async Task Two_years_of_snapshots_thin_to_all_recent_then_daily_then_weekly(string provider, int hoursApart)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var (user, other, scores) = await SeedAsync(db, hoursApart);
        var snapshots = new SnapshotRepository(db.Database);
        var all = await snapshots.SeriesAsync(user, Region.Jp, TakenRange.All).WaitAsync(Timeout);
        var before = new Dictionary<long, List<ChartScore>>();
        foreach (var s in all)
        {
            before[s.Id] = await ReadAsync(scores, user, s.Id);
        }

        var otherBefore = await snapshots.SeriesAsync(other, Region.Jp, TakenRange.All).WaitAsync(Timeout);
        var clock = new ManualTimeProvider(Now);
        var deleted = await Thinning(db, clock, enabled: true).RunAsync().WaitAsync(Timeout);

        var kept = await snapshots.SeriesAsync(user, Region.Jp, TakenRange.All).WaitAsync(Timeout);
        Assert.Equal(all.Count - kept.Count, deleted - (otherBefore.Count - (await snapshots.SeriesAsync(other, Region.Jp, TakenRange.All).WaitAsync(Timeout)).Count));
        Assert.Equal(all[^1].Id, kept[^1].Id);

        // Younger than 90 days: every one. 90 days to a year: exactly one a day, the day's newest. Older: one a week.
        var recent = all.Where(s => Now - s.TakenAt < TimeSpan.FromDays(90)).Select(s => s.Id).ToList();
        Assert.Equal(recent, kept.Where(s => Now - s.TakenAt < TimeSpan.FromDays(90)).Select(s => s.Id));
        var daily = all.Where(s => Now - s.TakenAt >= TimeSpan.FromDays(90) && Now - s.TakenAt < TimeSpan.FromDays(365))
            .GroupBy(s => s.TakenAt.UtcDateTime.Date).Select(g => g.MaxBy(s => s.Seq)!.Id).ToList();
        Assert.Equal(daily, kept.Where(s => Now - s.TakenAt >= TimeSpan.FromDays(90) && Now - s.TakenAt < TimeSpan.FromDays(365)).Select(s => s.Id));
        var weekly = all.Where(s => Now - s.TakenAt >= TimeSpan.FromDays(365))
            .GroupBy(s => (ISOWeek.GetYear(s.TakenAt.UtcDateTime), ISOWeek.GetWeekOfYear(s.TakenAt.UtcDateTime))).Select(g => g.MaxBy(s => s.Seq)!.Id).ToList();
        Assert.Equal(weekly, kept.Where(s => Now - s.TakenAt >= TimeSpan.FromDays(365)).Select(s => s.Id));
        if (hoursApart == 12)
        {
            Assert.Equal(179, recent.Count);
            Assert.Equal(276, daily.Count); // day 365 has only its 18:00 snapshot in range, day 640 only its 06:00 one
            Assert.InRange(weekly.Count, 52, 54);
        }

        Assert.True(kept.Count < all.Count, "nothing was thinned: the test would prove nothing");

        foreach (var s in kept)
        {
            Assert.Equal(before[s.Id], await ReadAsync(scores, user, s.Id));
        }

        // A second pass at the same time finds nothing more to do; the audit says what each pass did.
        Assert.Equal(0, await Thinning(db, clock, enabled: true).RunAsync().WaitAsync(Timeout));
        var audit = await new AuditRepository(db.Database).ListAsync(null, 10).WaitAsync(Timeout);
        Assert.Contains(audit, e => e.Actor == AuditActor.Retention && e.Action == "thin"
            && e.EntityId == user.ToString(CultureInfo.InvariantCulture) + "/jp" && e.Detail == $$"""{"deleted":{{all.Count - kept.Count}}}""");
    }

    [Fact]
    public async Task Disabled_by_default_it_removes_nothing()
    {
        const string provider = "Sqlite";
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var (user, _, _) = await SeedAsync(db, 12);
        var snapshots = new SnapshotRepository(db.Database);
        var count = (await snapshots.SeriesAsync(user, Region.Jp, TakenRange.All).WaitAsync(Timeout)).Count;

        Assert.False(new RetentionOptions().Enabled);
        Assert.Equal(0, await Thinning(db, new ManualTimeProvider(Now), enabled: false).RunAsync().WaitAsync(Timeout));
        Assert.Equal(count, (await snapshots.SeriesAsync(user, Region.Jp, TakenRange.All).WaitAsync(Timeout)).Count);
    }

    [Fact]
    public void The_latest_snapshot_is_kept_however_old()
    {
        var old = new[] { Summary(1, Start), Summary(2, Start.AddHours(1)) };

        Assert.Equal([1L], RetentionPolicy.ToDelete(old, Now, new RetentionOptions { Enabled = true }));
    }

    private static SnapshotSummary Summary(long id, DateTimeOffset at) => new(id, Region.Jp, (int)id, at, 0, 0, 0);

    private static SnapshotThinning Thinning(TestDatabase db, TimeProvider clock, bool enabled) => new(
        new SnapshotRepository(db.Database),
        new SnapshotRemoval(db.Database, clock),
        new SnapshotScoreCache(Options.Create(new SnapshotCacheOptions())),
        Options.Create(new RetentionOptions { Enabled = enabled }),
        clock,
        NullLogger<SnapshotThinning>.Instance);

    // Snapshots every hoursApart hours for two years from 06:00 UTC; one of four charts changes at each.
    private static async Task<(long User, long Other, ScoreRepository Scores)> SeedAsync(TestDatabase db, int hoursApart)
    {
        var user = await db.AddUserAsync("thinned");
        var other = await db.AddUserAsync("neighbour");
        var charts = await db.AddChartsAsync(4);
        var scores = new ScoreRepository(db.Database);
        var current = charts.ToDictionary(c => c, c => new ChartScore(c, new Achievement(800_000), 1, ComboLamp.None, SyncLamp.None, 1, null));
        await using (var transaction = await db.Database.BeginAsync().WaitAsync(Timeout))
        {
            for (var i = 0; i < 730 * 24 / hoursApart; i++)
            {
                var chart = charts[i % charts.Count];
                current[chart] = current[chart] with { Achievement = new Achievement(800_000 + (i * 100)), PlayCount = i + 2 };
                await scores.WriteSnapshotAsync(transaction, new SnapshotWrite(user, Region.Jp, Start.AddHours(hoursApart * i), null, new PlayerProfile("P"), [.. current.Values]));
            }

            await transaction.CommitAsync();
        }

        // The neighbour's one snapshot is years old and their latest: thinning keeps it.
        await scores.WriteSnapshotAsync(db.Database, new SnapshotWrite(other, Region.Jp, Start, null, new PlayerProfile("N"), [current[charts[0]]])).WaitAsync(Timeout);
        return (user, other, scores);
    }

    private static async Task<List<ChartScore>> ReadAsync(ScoreRepository scores, long userId, long snapshotId) =>
        [.. (await scores.ReadSnapshotScoresAsync(userId, Region.Jp, snapshotId).WaitAsync(Timeout)).Select(s => s.Score)];
}
