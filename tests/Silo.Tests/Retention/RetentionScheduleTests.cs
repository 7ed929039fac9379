using Dapper;
using Maimai.Silo.Storage;
using Maimai.Silo.Tests.Hosting;

namespace Maimai.Silo.Tests.Retention;

/// <summary>
/// The real host on SQLite (our own reminder table): Retention:Enabled registers the one "retention" reminder;
/// a restart with it off removes the reminder, so thinning stops.
/// </summary>
public sealed class RetentionScheduleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Enabling_registers_the_reminder_and_disabling_removes_it()
    {
        var folder = Directory.CreateTempSubdirectory("maimai-retention-");
        try
        {
            await using (await InProcessSilo.StartAsync(folder, "--Retention:Enabled=true", "--Retention:Interval=01:00:00").WaitAsync(Timeout))
            {
                Assert.Equal(3_600_000, await ReminderPeriodAsync(folder));
            }

            await using (await InProcessSilo.StartAsync(folder).WaitAsync(Timeout))
            {
                Assert.Null(await ReminderPeriodAsync(folder));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<long?> ReminderPeriodAsync(DirectoryInfo folder)
    {
        await using var database = new Database(SqliteDialect.Instance, $"Data Source={Path.Combine(folder.FullName, "silo.db")}");
        await using var connection = await database.OpenAsync().WaitAsync(Timeout);
        return await connection.QuerySingleOrDefaultAsync<long?>("SELECT Period FROM OrleansRemindersTable WHERE ReminderName = 'retention'").WaitAsync(Timeout);
    }
}
