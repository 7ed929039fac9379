using Dapper;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Hosting;
using Maimai.Silo.Storage;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.AutoRefresh;

/// <summary>maimai.v1.AutoRefreshService on the real host (SQLite, the embedded default): its refusals, and a schedule that outlives the silo.</summary>
public sealed class AutoRefreshApiTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_schedule_survives_a_restart_of_the_silo_on_sqlite()
    {
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = CoreRegion.Intl, SongCount = 40, UtageCount = 1 }).WaitAsync(Timeout);
        var folder = Directory.CreateTempSubdirectory("maimai-auto-refresh-");
        try
        {
            string[] settings = [$"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00"];
            string token;
            await using (var first = await InProcessSilo.StartAsync(folder, settings).WaitAsync(Timeout))
            {
                token = first.ApiToken;
                using var http = first.Http2From("127.0.0.1");
                var client = new ApiClient(http, token);

                // No token saved yet: it cannot be turned on.
                var refused = await client.CallAsync<SetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/SetAutoRefresh",
                    new SetAutoRefreshRequest { Region = Region.Intl, Enabled = true }).WaitAsync(Timeout);
                Assert.Equal(9, refused.Status); // FAILED_PRECONDITION
                Assert.Equal("DXNET_TOKEN_NOT_SET", refused.ErrorInfo.Reason);

                Assert.Equal(0, (await client.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken",
                    new SetDxNetTokenRequest { Region = Region.Intl, Token = "userId=" + sim.Sessions.Current }).WaitAsync(Timeout)).Status);

                // Below the minimum interval: INVALID_ARGUMENT, nothing changes.
                var tooOften = await client.CallAsync<SetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/SetAutoRefresh",
                    new SetAutoRefreshRequest { Region = Region.Intl, Enabled = true, IntervalMinutes = 1 }).WaitAsync(Timeout);
                Assert.Equal(3, tooOften.Status);

                var off = (await client.CallAsync<GetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/GetAutoRefresh",
                    new GetAutoRefreshRequest { Region = Region.Intl }).WaitAsync(Timeout)).Response.AutoRefresh;
                Assert.False(off.Enabled);
                Assert.Equal(30, off.IntervalMinutes);

                var on = await client.CallAsync<SetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/SetAutoRefresh",
                    new SetAutoRefreshRequest { Region = Region.Intl, Enabled = true, IntervalMinutes = 45 }).WaitAsync(Timeout);
                Assert.Equal(0, on.Status);
                Assert.True(on.Response.AutoRefresh.Enabled);
            }

            await using var second = await InProcessSilo.StartAsync(folder, settings).WaitAsync(Timeout);
            using var again = second.Http2From("127.0.0.1");
            var kept = (await new ApiClient(again, token).CallAsync<GetAutoRefreshResponse>("/maimai.v1.AutoRefreshService/GetAutoRefresh",
                new GetAutoRefreshRequest { Region = Region.Intl }).WaitAsync(Timeout)).Response.AutoRefresh;
            Assert.True(kept.Enabled);
            Assert.Equal(45, kept.IntervalMinutes);
            Assert.False(kept.Paused);
            Assert.Equal(2_700_000, await ReminderPeriodAsync(folder));
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
        return await connection.QuerySingleOrDefaultAsync<long?>("SELECT Period FROM OrleansRemindersTable WHERE ReminderName = 'auto-refresh'").WaitAsync(Timeout);
    }
}
