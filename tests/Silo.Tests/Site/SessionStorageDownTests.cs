using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;
using Npgsql;

namespace Maimai.Silo.Tests.Site;

/// <summary>
/// The site's own API calls (gRPC-Web with the session cookie) while PostgreSQL is down: UNAVAILABLE in the caller's
/// protocol, as API-token calls answer, never an HTTP 500 or UNAUTHENTICATED (which would send the player to sign in);
/// and the same session works again once the database is back.
/// </summary>
public sealed class SessionStorageDownTests
{
    private const int Unavailable = 14;

    [Fact]
    public async Task A_session_call_while_the_database_is_down_is_unavailable_and_works_once_it_is_back()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(InProcessSilo.Timeout);
        var connectionString = await cluster.CreateDatabaseAsync("session_down").WaitAsync(InProcessSilo.Timeout);
        await using var silo = await InProcessSilo.StartAsync("--environment=Development", "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={connectionString}").WaitAsync(InProcessSilo.Timeout);
        using var browser = new SiteBrowser(silo.HttpPort);
        await browser.SignInAsDeveloperAsync("stranded").WaitAsync(InProcessSilo.Timeout);
        Assert.Equal(0, (await SessionCalls.GetMeAsync(silo, browser.SessionCookie, browser.Origin).WaitAsync(InProcessSilo.Timeout)).Status);

        await cluster.StopServerAsync().WaitAsync(InProcessSilo.Timeout);
        NpgsqlConnection.ClearAllPools();
        try
        {
            foreach (var contentType in (string[])["application/grpc-web+proto", "application/grpc-web-text"])
            {
                Assert.Equal(Unavailable, (await SessionCalls.GetMeAsync(silo, browser.SessionCookie, browser.Origin, contentType).WaitAsync(InProcessSilo.Timeout)).Status);
            }
        }
        finally
        {
            await cluster.StartServerAsync().WaitAsync(InProcessSilo.Timeout);
        }

        Assert.Equal(0, (await SessionCalls.GetMeAsync(silo, browser.SessionCookie, browser.Origin).WaitAsync(InProcessSilo.Timeout)).Status);
    }
}
