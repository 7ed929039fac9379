using System.Net;
using Dapper;
using Maimai.Silo.Storage;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>
/// How the tests of real silo processes look at them: h2c to a silo's gRPC port, and the database the silos write
/// (membership, fetches), polled with every try and the whole wait bounded.
/// </summary>
internal static class ClusterProbe
{
    public static HttpClient Http2(ScriptedSilo silo, TimeSpan timeout) => new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{silo.GrpcPort}"),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = timeout,
    };

    public static async Task<long> ScalarAsync(Database database, string sql, TimeSpan timeout)
    {
        await using var connection = await database.OpenAsync().WaitAsync(timeout);
        return await connection.ExecuteScalarAsync<long>(sql).WaitAsync(timeout);
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition().WaitAsync(timeout))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }
        }
    }
}
