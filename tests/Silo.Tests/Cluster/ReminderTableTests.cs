using Maimai.Silo.Tests.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>
/// Orleans' ADO.NET reminder table on our migrations' statements, on both providers (Orleans ships none for SQLite):
/// a schedule written by one silo is read back, by grain, by name and by ring range, by a silo started after it
/// stopped; versions guard updates and deletes.
/// </summary>
public sealed class ReminderTableTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_schedule_survives_a_restart_of_the_silo_and_versions_guard_it(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, postgres);
        var grain = GrainId.Create("userregion", "42intl");
        var start = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc);

        var first = await ClusterTestHost.StartAsync(db.Database);
        string? written;
        try
        {
            var table = first.Services.GetRequiredService<IReminderTable>();
            written = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "auto-refresh", StartAt = start, Period = TimeSpan.FromHours(6) }).WaitAsync(Timeout);
            var again = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "auto-refresh", StartAt = start, Period = TimeSpan.FromHours(12) }).WaitAsync(Timeout);
            Assert.NotEqual(written, again);
            written = again;
        }
        finally
        {
            await ClusterTestHost.StopAsync(first);
        }

        var second = await ClusterTestHost.StartAsync(db.Database);
        try
        {
            var table = second.Services.GetRequiredService<IReminderTable>();
            var row = await table.ReadRow(grain, "auto-refresh").WaitAsync(Timeout);
            Assert.NotNull(row);
            Assert.Equal((start, TimeSpan.FromHours(12), written), (row.StartAt, row.Period, row.ETag));
            Assert.Single((await table.ReadRows(grain).WaitAsync(Timeout)).Reminders);

            // A ring range (begin, end] that holds the grain's hash, one that wraps past the top of the ring and holds
            // it too, and one that does not hold it.
            var hash = grain.GetUniformHashCode();
            Assert.Single((await table.ReadRows(hash - 1, hash).WaitAsync(Timeout)).Reminders);
            Assert.Single((await table.ReadRows(hash + 1, hash).WaitAsync(Timeout)).Reminders);
            Assert.Empty((await table.ReadRows(hash, hash + 1).WaitAsync(Timeout)).Reminders);

            // A delete naming an old version changes nothing; naming the current one removes the schedule.
            Assert.False(await table.RemoveRow(grain, "auto-refresh", "0").WaitAsync(Timeout));
            Assert.True(await table.RemoveRow(grain, "auto-refresh", written!).WaitAsync(Timeout));
            Assert.Null(await table.ReadRow(grain, "auto-refresh").WaitAsync(Timeout));
        }
        finally
        {
            await ClusterTestHost.StopAsync(second);
        }
    }
}
