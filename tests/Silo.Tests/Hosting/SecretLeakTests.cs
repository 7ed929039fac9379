using System.Collections.Concurrent;
using System.Text;
using Maimai.DxNetSimulator;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>
/// A player's whole session through the real host (signed in on the site, then the API), failures included, with every log entry (message, structured
/// values, exception with its inner ones) and every byte the API answered captured: no maimai token, DX NET session
/// value or API token secret appears in any of them. The one exception is CreateApiToken's answer, which shows its
/// new token once by design.
/// </summary>
public sealed class SecretLeakTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task No_secret_reaches_a_response_or_a_log_line()
    {
        var logs = new CapturingLogs();
        await using var sim = await DxNetSimulatorHost.StartAsync(new DxNetSimulatorOptions { SongCount = 40, UtageCount = 1 }).WaitAsync(Timeout);
        await using var silo = await InProcessSilo.StartWithServicesAsync(s => s.AddSingleton<ILoggerProvider>(logs),
            "--environment=Development", "--Logging:LogLevel:Default=Debug", "--ApiRateLimit:Enabled=false", "--Fetching:RateLimit=00:00:00.200",
            $"--Plugins:Intl:SiteBaseUrl={sim.BaseUrl}", $"--Plugins:Intl:LoginGatewayUrl={sim.GatewayUrl}", "--Plugins:Intl:RequestGap=00:00:00").WaitAsync(Timeout);
        var answers = new CapturingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(answers) { BaseAddress = new Uri($"http://127.0.0.1:{silo.GrpcPort}"), Timeout = Timeout };
        var client = new ApiClient(http, silo.ApiToken);
        var secrets = new List<string> { silo.ApiToken, sim.Sessions.ClalToken };

        // Signed in on the site (the development login), calling the API with the session cookie over gRPC-Web.
        using (var browser = new Site.SiteBrowser(silo.HttpPort))
        {
            answers.Keep(await browser.SignInAsDeveloperAsync("leaky"));
            secrets.Add(browser.SessionCookie!);
            Assert.Equal(0, (await Site.SessionCalls.GetMeAsync(silo, browser.SessionCookie, browser.Origin)).Status);
            answers.Keep(await browser.SubmitAsync(Maimai.Silo.Site.SignInPaths.SignIn, Maimai.Silo.Site.SignInPaths.SignOut));
        }

        // A second API token: shown once, then revoked and refused, never echoed.
        var created = await client.CallAsync<CreateApiTokenResponse>("/maimai.v1.AccountService/CreateApiToken", new CreateApiTokenRequest { Name = "leak" }).WaitAsync(Timeout);
        var second = created.Response.PlaintextToken;
        secrets.Add(second);
        answers.Forget(second); // its one legitimate appearance
        Assert.Equal(0, (await client.CallAsync<RevokeApiTokenResponse>("/maimai.v1.AccountService/RevokeApiToken",
            new RevokeApiTokenRequest { ApiTokenId = created.Response.ApiToken.Id }).WaitAsync(Timeout)).Status);
        Assert.Equal(16, (await client.WithToken(second).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(Timeout)).Status);
        const string forged = "mai_ForgedTokenThatLooksRealEnough0123456789abcdef";
        secrets.Add(forged);
        Assert.Equal(16, (await client.WithToken(forged).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(Timeout)).Status);

        // A maimai token that is not one, then the real one, a fetch to its end, and a fetch on an expired session.
        const string pasted = "userId=Not A Token Secret 7f3a9c";
        secrets.Add("7f3a9c");
        Assert.NotEqual(0, (await client.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken",
            new SetDxNetTokenRequest { Region = Region.Intl, Token = pasted }).WaitAsync(Timeout)).Status);
        var dxnet = sim.Sessions.Current!;
        secrets.Add(dxnet);
        Assert.Equal(0, (await client.CallAsync<SetDxNetTokenResponse>("/maimai.v1.AccountService/SetDxNetToken",
            new SetDxNetTokenRequest { Region = Region.Intl, Token = "userId=" + dxnet }).WaitAsync(Timeout)).Status);
        var completed = await FetchToEndAsync(client);
        Assert.Equal(FetchState.Completed, completed.State);
        secrets.Add(sim.Sessions.Current!); // the session the site rotated to, which the fetch stored

        sim.Sessions.ExpireAll();
        var failed = await FetchToEndAsync(client);
        Assert.Equal((FetchState.Failed, FetchErrorCode.TokenExpired), (failed.State, failed.ErrorCode));
        var status = (await client.CallAsync<GetDxNetTokenStatusResponse>("/maimai.v1.AccountService/GetDxNetTokenStatus",
            new GetDxNetTokenStatusRequest { Region = Region.Intl }).WaitAsync(Timeout)).Response.Status;
        Assert.False(string.IsNullOrEmpty(status.LastError));

        var entries = logs.Entries.ToList();
        var texts = answers.Texts.ToList();
        Assert.NotEmpty(entries);
        Assert.NotEmpty(texts);
        foreach (var secret in secrets)
        {
            Assert.False(string.IsNullOrEmpty(secret));
            Assert.Null(entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal)));
            Assert.Null(texts.FirstOrDefault(t => t.Contains(secret, StringComparison.Ordinal)));
        }
    }

    private static async Task<Fetch> FetchToEndAsync(ApiClient client)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var started = await client.CallAsync<StartFetchResponse>("/maimai.v1.FetchService/StartFetch", new StartFetchRequest { Region = Region.Intl })
                .WaitAsync(deadline.Token);
            if (started.Status == 8)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token); // the short rate limit set above
                continue;
            }

            var watched = await client.CallAsync<WatchFetchResponse>("/maimai.v1.FetchService/WatchFetch",
                new WatchFetchRequest { FetchId = started.Response.Fetch.Id }).WaitAsync(deadline.Token);
            return watched.Responses[^1].Fetch;
        }
    }

    /// <summary>Every log entry as text: the message, each structured value, the exception and its inner ones in full.</summary>
    private sealed class CapturingLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLogs sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                sink.Entries.Enqueue($"scope {category}: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        text.Append(System.Globalization.CultureInfo.InvariantCulture, $" {key}={value}");
                    }
                }

                sink.Entries.Enqueue(text.Append(' ').Append(exception).ToString());
            }
        }
    }

    /// <summary>Every answer's headers, body (as UTF-8 and as Latin-1 bytes) and trailers, kept as text.</summary>
    private sealed class CapturingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IEnumerable<string> Texts => _texts;

        /// <summary>Keeps a page another client read.</summary>
        public void Keep(Site.SiteBrowser.Page page) => _texts.Enqueue($"{page.Location}\n{string.Join('\n', page.SetCookies)}\n{page.Body}");

        /// <summary>Drops the answers that hold <paramref name="shownOnce"/>: the one that was meant to show it.</summary>
        public void Forget(string shownOnce)
        {
            var kept = _texts.Where(t => !t.Contains(shownOnce, StringComparison.Ordinal)).ToList();
            Assert.Equal(_texts.Count - 1, kept.Count);
            _texts.Clear();
            kept.ForEach(_texts.Enqueue);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var copy = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            var trailers = response.TrailingHeaders.Select(h => $"{h.Key}: {string.Join(",", h.Value)}");
            var details = response.TrailingHeaders.Concat(response.Headers)
                .Where(h => h.Key == "grpc-status-details-bin")
                .SelectMany(h => h.Value)
                .Select(v => Encoding.Latin1.GetString(Convert.FromBase64String(v.PadRight(v.Length + ((4 - (v.Length % 4)) % 4), '='))));
            _texts.Enqueue(string.Join('\n', [
                response.Headers.ToString(), Encoding.UTF8.GetString(body), Encoding.Latin1.GetString(body), .. trailers, .. details,
                Uri.UnescapeDataString(string.Join(",", response.TrailingHeaders.Concat(response.Headers).Where(h => h.Key == "grpc-message").SelectMany(h => h.Value))),
            ]));
            response.Content = copy;
            return response;
        }
    }
}
