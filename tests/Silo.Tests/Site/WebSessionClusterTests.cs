using Maimai.Silo.Site;
using Maimai.Silo.Tests.Hosting;
using Maimai.Testing.Postgres;

namespace Maimai.Silo.Tests.Site;

/// <summary>Two silos on one PostgreSQL database: a session made on one works on the other, and a log-out on one ends it on both.</summary>
public sealed class WebSessionClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_log_out_on_one_silo_is_refused_by_the_other()
    {
        var keys = Directory.CreateTempSubdirectory("maimai-keys-");
        try
        {
            // One database and one key ring, as a deployment shares them.
            string[] settings = ["--environment=Development", "--Storage:Provider=Postgres", $"--Storage:ConnectionString={postgres.ConnectionString}", $"--DataProtection:KeysPath={keys.FullName}"];
            await using var first = await InProcessSilo.StartAsync(settings).WaitAsync(InProcessSilo.Timeout);
            await using var second = await InProcessSilo.StartAsync(settings).WaitAsync(InProcessSilo.Timeout);
            using var browser = new SiteBrowser(first.HttpPort);
            await browser.SignInAsDeveloperAsync("roamer");
            var cookie = browser.SessionCookie;
            var secondOrigin = $"http://127.0.0.1:{second.HttpPort}";
            Assert.Equal(0, (await SessionCalls.GetMeAsync(second, cookie, secondOrigin)).Status);

            await browser.SubmitAsync(SignInPaths.SignIn, SignInPaths.SignOut);

            Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(second, cookie, secondOrigin)).Status);
            Assert.Equal(SessionCalls.Unauthenticated, (await SessionCalls.GetMeAsync(first, cookie, browser.Origin)).Status);
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }
}
