using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// The API of the real host while its PostgreSQL is stopped (its own cluster): every call ends UNAVAILABLE / STORAGE_UNAVAILABLE
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
        await using var silo = await InProcessSilo.StartAsync("--Storage:Provider=Postgres", $"--Storage:ConnectionString={connectionString}").WaitAsync(Timeout);
        using var http = silo.Http2From("127.0.0.1");
        var client = new ApiClient(http, silo.ApiToken);

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
}
