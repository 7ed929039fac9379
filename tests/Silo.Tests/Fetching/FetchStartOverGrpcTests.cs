using Dapper;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Api;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;
using Npgsql;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// The one-fetch guarantee as a client meets it: the real host on PostgreSQL, 1,000 StartFetch calls over h2c at
/// once for one user-region. Every answer names the same fetch, or is the fetch rate limit once it has finished.
/// </summary>
public sealed class FetchStartOverGrpcTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_thousand_concurrent_StartFetch_calls_over_grpc_start_exactly_one_fetch()
    {
        var connectionString = await postgres.CreateDatabaseAsync("grpcstart").WaitAsync(Timeout);
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { Region = CoreRegion.Intl, SongCount = 40, UtageCount = 1 })
            .WaitAsync(Timeout);
        await using var silo = await InProcessSilo.StartAsync(
            "--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}",
            $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00",
            "--ApiRateLimit:PermitLimit=100000").WaitAsync(Timeout); // every call here comes from 127.0.0.1
        using var http = silo.Http2From("127.0.0.1");
        var client = new ApiClient(http, silo.ApiToken);
        var saved = await client.CallAsync<SetDxNetTokenResponse>(
            "/maimai.v1.AccountService/SetDxNetToken", new SetDxNetTokenRequest { Region = Region.Intl, Token = "userId=" + sim.Sessions.Current }).WaitAsync(Timeout);
        Assert.Equal(0, saved.Status);

        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() =>
            client.CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl })))).WaitAsync(Timeout);

        output.WriteLine($"{answers.Count(a => a.Status == 0)} answers named the fetch, {answers.Count(a => a.Status == 8)} were rate limited");
        Assert.All(answers, a => Assert.True(a.Status is 0 || a is { Status: 8 } && a.ErrorInfo.Reason == "FETCH_RATE_LIMITED", $"{a.Status}: {a.Message}"));
        var fetchId = Assert.Single(answers.Where(a => a.Status == 0).Select(a => a.Response.Fetch.Id).Distinct());
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fetch_sessions").WaitAsync(Timeout));
        Assert.Equal(fetchId, (await connection.ExecuteScalarAsync<long>("SELECT id FROM fetch_sessions").WaitAsync(Timeout)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
