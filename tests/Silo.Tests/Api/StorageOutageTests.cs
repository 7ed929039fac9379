using System.Net;
using Google.Protobuf;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Transport;
using Maimai.Silo.Accounts;
using Maimai.Silo.Hosting;
using Maimai.Silo.Storage;
using Maimai.Testing.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// The API while its PostgreSQL is stopped (its own cluster): every call ends UNAVAILABLE / STORAGE_UNAVAILABLE
/// with a RetryInfo, never NOT_FOUND nor UNKNOWN; once the database is back, a client that retries gets real answers.
/// </summary>
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_the_database_is_down_calls_are_unavailable_and_a_retry_after_it_is_back_succeeds()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var connectionString = await cluster.CreateDatabaseAsync("outage").WaitAsync(Timeout);
        await new MigrationRunner(new Database(PostgresDialect.Instance, connectionString)).ApplyAsync().WaitAsync(Timeout);
        await using var app = await StartAsync(connectionString);
        var accounts = app.Services.GetRequiredService<IAccountStore>();
        var account = await accounts.CreateLocalUserAsync("Outage", false, default).WaitAsync(Timeout);
        var token = await accounts.CreateApiTokenAsync(account.Id, "test", default).WaitAsync(Timeout);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToList();
        using var http = new HttpClient { BaseAddress = new Uri(addresses[1]), Timeout = Timeout };
        var client = new ApiClient(http, token!.Plaintext);

        await cluster.StopServerAsync().WaitAsync(Timeout);
        try
        {
            foreach (var (method, request) in Calls)
            {
                var down = await client.CallAsync<GetFetchResponse>(method, request).WaitAsync(Timeout);
                Assert.True(down.Status == 14, $"{method}: {down.Status} {down.Message}");
                Assert.Equal("STORAGE_UNAVAILABLE", down.ErrorInfo.Reason);
                Assert.Equal(TimeSpan.FromSeconds(1), down.Detail<Google.Rpc.RetryInfo>().RetryDelay.ToTimeSpan());
            }
        }
        finally
        {
            await cluster.StartServerAsync().WaitAsync(Timeout);
        }

        // Back: after at most a few connections that died with the server, the unknown fetch is NOT_FOUND.
        var status = 14;
        for (var attempt = 0; attempt < 10 && status == 14; attempt++)
        {
            status = (await client.CallAsync<GetFetchResponse>(Calls[0].Method, Calls[0].Request).WaitAsync(Timeout)).Status;
        }

        Assert.Equal(5, status);
    }

    private static readonly (string Method, IMessage Request)[] Calls =
    [
        ("/maimai.v1.FetchService/GetFetch", new GetFetchRequest { FetchId = "424242" }),
        ("/maimai.v1.FetchService/WatchFetch", new WatchFetchRequest { FetchId = "424242" }),
        ("/maimai.v1.SnapshotService/GetSnapshot", new GetSnapshotRequest { SnapshotId = "424242" }),
    ];

    private static async Task<WebApplication> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenForGrpc(new GrpcPortOptions { Address = IPAddress.Loopback, HttpPort = 0, GrpcPort = 0 }));
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddSingleton<IFetchCoordinator, FakeFetchCoordinator>();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddSingleton<DxNetTokenProtector>();
        builder.Services.AddSingleton<IDxNetTokenStore, DxNetTokenStore>();
        builder.Services.AddGrpcTransport();
        builder.Services.AddApi(builder.Configuration);
        var app = builder.Build();
        app.MapApi();
        await app.StartAsync().WaitAsync(Timeout);
        return app;
    }
}
