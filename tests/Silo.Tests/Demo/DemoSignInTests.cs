using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Demo;
using Maimai.Silo.Site;
using Maimai.Silo.Tests.Site;
using Maimai.Testing;

namespace Maimai.Silo.Tests.Demo;

/// <summary>
/// README's "Try the site": in demo mode the development login as "demo" is the demo user, whose maimai tokens are
/// saved, so "Fetch now" works at once; any other name is a user of its own with no tokens.
/// </summary>
public sealed partial class DemoSignInTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_development_login_as_demo_has_both_regions_tokens_and_a_fetch_gets_going()
    {
        var folder = Directory.CreateTempSubdirectory("maimai-demo-signin-");
        using var stop = new CancellationTokenSource();
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        var run = DemoMode.RunAsync([
            "--environment=Development",
            $"--Ports:Http={http}", $"--Ports:Grpc={grpc}", $"--Cluster:SiloPort={FreePort.Next()}",
            "--Storage:Provider=Sqlite", $"--Storage:ConnectionString=Data Source={Path.Combine(folder.FullName, "demo.db")}",
            $"--Plugins:Path={Path.Combine(AppContext.BaseDirectory, "plugins")}",
            "--Logging:LogLevel:Default=Warning",
        ], stop.Token);
        try
        {
            using var demo = new SiteBrowser(http);
            using var other = new SiteBrowser(http);
            await WaitForSiteAsync(demo, run);

            // The demo saves the tokens once it listens: the sign-in page may answer a moment before.
            var me = await UntilAsync(async () =>
            {
                await demo.SignInAsDeveloperAsync(DemoMode.UserName);
                return await CallAsync(demo, "AccountService/GetMe", new GetMeRequest(), GetMeResponse.Parser);
            }, m => m.DxNetTokenRegions.Count == 2);
            Assert.Equal([Region.Intl, Region.Jp], me.DxNetTokenRegions.Order());
            Assert.True(me.IsAdmin);
            Assert.Equal(DemoMode.UserName, me.DisplayName);

            // The simulators' songs are imported, with versions and internal levels, so a fetch's scores are rated.
            var fresh = await UntilAsync(
                () => CallAsync(demo, "SongService/ListSongs", new ListSongsRequest { Version = "CiRCLE PLUS", PageSize = 50 }, ListSongsResponse.Parser),
                s => s.Songs.Count > 0);
            Assert.NotEmpty(fresh.Songs);
            Assert.All(fresh.Songs, s => Assert.Equal("CiRCLE PLUS", s.Version));
            Assert.All(fresh.Songs.SelectMany(s => s.Charts), c => Assert.True(c.HasInternalLevelX10, $"chart {c.Id} has no internal level"));
            var older = await CallAsync(demo, "SongService/ListSongs", new ListSongsRequest { Version = "UNiVERSE", PageSize = 50 }, ListSongsResponse.Parser);
            Assert.NotEmpty(older.Songs);

            // "Fetch now": the simulator accepts the saved token and pages are read.
            var started = await CallAsync(demo, "FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl }, StartFetchResponse.Parser);
            var fetch = await UntilAsync(
                () => CallAsync(demo, "FetchService/GetFetch", new GetFetchRequest { FetchId = started.Fetch.Id }, GetFetchResponse.Parser),
                f => f.Fetch.PagesDone >= 2 || f.Fetch.State == FetchState.Failed);
            Assert.True(fetch.Fetch.State != FetchState.Failed, $"{fetch.Fetch.ErrorCode}: {fetch.Fetch.ErrorMessage}");

            // Another name is another user, without the demo's tokens.
            await other.SignInAsDeveloperAsync("visitor");
            var visitor = await CallAsync(other, "AccountService/GetMe", new GetMeRequest(), GetMeResponse.Parser);
            Assert.NotEqual(me.UserId, visitor.UserId);
            Assert.Empty(visitor.DxNetTokenRegions);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await run.WaitAsync(Timeout);
            }
            catch (OperationCanceledException)
            {
                // stopped as asked
            }

            folder.Delete(recursive: true);
        }
    }

    private static async Task WaitForSiteAsync(SiteBrowser browser, Task<int> run)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Assert.False(run.IsCompleted, $"the demo stopped (exit code {(run.IsCompletedSuccessfully ? run.Result : -1)})");
            try
            {
                if ((await browser.GetAsync(SignInPaths.SignIn)).Status == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, "the demo's site did not answer");
            await Task.Delay(200);
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }

    // One unary maimai.v1 call over gRPC-Web with the browser's session cookie, as the site's script makes it.
    private static async Task<T> CallAsync<T>(SiteBrowser browser, string method, IMessage request, MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = browser.Cookies }) { BaseAddress = new Uri(browser.Origin) };
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1." + method) { Content = new ByteArrayContent(frame) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");
        message.Headers.TryAddWithoutValidation("Origin", browser.Origin);
        using var response = await http.SendAsync(message).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
        var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.First() : null;
        Assert.True(status is null, $"{method} answered grpc-status {status}");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        var trailers = Encoding.ASCII.GetString(body, 10 + length, body.Length - 10 - length);
        Assert.Equal("0", GrpcStatus().Match(trailers).Groups[1].Value);
        return parser.ParseFrom(body, 5, length);
    }

    [GeneratedRegex(@"grpc-status:\s*(\d+)")]
    private static partial Regex GrpcStatus();
}
