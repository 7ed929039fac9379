using System.Globalization;
using System.Net;
using Maimai.Core.Fetching;
using Maimai.Scraping.Contract;

namespace Maimai.Scraping.Fetching;

/// <summary>
/// Sends one fetch's requests politely: one at a time, a configurable gap between them, never inside the daily
/// maintenance window (unless told otherwise), cookies by hand, redirects not followed (the caller decides), a timeout that covers the
/// body. Transport trouble becomes a <see cref="NetworkFailure"/>, never an exception.
/// </summary>
internal sealed class DxNetClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ScraperOptions _options;
    private readonly TimeProvider _time;

    public DxNetClient(ScraperOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.Timeout,
        };

        // The per-request timeout below covers headers and body; HttpClient's own would not cover a slow body.
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("maimai-score-tracker/1.0");
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja,en;q=0.8");
    }

    /// <summary>GETs <paramref name="url"/>, whatever its status, and reads the body in full.</summary>
    public async Task<HttpAnswer> GetAsync(FetchSession session, Uri url, CancellationToken cancellationToken)
    {
        await WaitYourTurnAsync(session, cancellationToken);
        var path = url.PathAndQuery;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (session.Cookies.Header(url) is { } cookie)
            {
                request.Headers.Add("Cookie", cookie);
            }

            session.Requests++;
            session.RequestsByStage[session.Stage] = session.RequestsByStage.GetValueOrDefault(session.Stage) + 1;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            session.Cookies.Accept(url, response);
            session.SecretsSeen.UnionWith(session.Cookies.For(url).Values);
            var location = response.Headers.Location is { } l ? new Uri(url, l) : null;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new HttpAnswer(url, response.StatusCode, location, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ScrapeAbortedException(new NetworkFailure(path,
                string.Create(CultureInfo.InvariantCulture, $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s"), null));
        }
        catch (HttpRequestException e)
        {
            throw new ScrapeAbortedException(new NetworkFailure(path, Describe(e), null));
        }
        catch (IOException e)
        {
            throw new ScrapeAbortedException(new NetworkFailure(path, "the connection broke while reading: " + e.Message, null));
        }
        finally
        {
            session.LastRequestEnded = _time.GetTimestamp();
        }
    }

    public void Dispose() => _http.Dispose();

    // Checked before every request, so a fetch that runs into 04:00 JST stops there.
    private async Task WaitYourTurnAsync(FetchSession session, CancellationToken cancellationToken)
    {
        if (session.LastRequestEnded is { } last && _options.RequestGap > TimeSpan.Zero)
        {
            var wait = _options.RequestGap - _time.GetElapsedTime(last);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
        }

        if (_options.ObserveMaintenanceWindow && MaintenanceWindow.EndOf(_time.GetUtcNow()) is { } end)
        {
            throw new ScrapeAbortedException(new MaintenanceFailure(end, "maimai DX NET is in its daily maintenance (04:00 to 07:00 JST)."));
        }
    }

    private static string Describe(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ResponseEnded => "the response ended early (body cut short)",
        HttpRequestError.ConnectionError => "could not connect: " + e.Message,
        HttpRequestError.NameResolutionError => "the host name did not resolve",
        _ => e.InnerException is IOException io ? "the connection broke: " + io.Message : e.Message,
    };
}

/// <summary>One HTTP answer: status, redirect target and the whole body.</summary>
internal sealed record HttpAnswer(Uri Url, HttpStatusCode Status, Uri? Location, string Body)
{
    public bool IsRedirect => (int)Status is >= 300 and < 400 && Location is not null;
}

/// <summary>The state of one fetch: its cookies, the request count and when the last request ended.</summary>
internal sealed class FetchSession
{
    public SessionCookies Cookies { get; } = new();

    public int Requests { get; set; }

    /// <summary>What the fetch is reading now; each request is counted under it (politeness you can see).</summary>
    public FetchStage Stage { get; set; } = FetchStage.PlayerData;

    public Dictionary<FetchStage, int> RequestsByStage { get; } = [];

    /// <summary>Every cookie value the fetch held, rotated ones too: none of them may reach a stored warning.</summary>
    public HashSet<string> SecretsSeen { get; } = new(StringComparer.Ordinal);

    public long? LastRequestEnded { get; set; }
}

/// <summary>Ends a fetch with a typed failure; caught by <see cref="DxNetScraper"/> and never seen by callers.</summary>
internal sealed class ScrapeAbortedException : Exception
{
    public ScrapeAbortedException(ScrapeFailure failure)
        : base(failure.Message) => Failure = failure;

    public ScrapeAbortedException()
        : this(new NetworkFailure(string.Empty, "aborted", null))
    {
    }

    public ScrapeAbortedException(string message)
        : this(new NetworkFailure(string.Empty, message, null))
    {
    }

    public ScrapeAbortedException(string message, Exception innerException)
        : base(message, innerException) => Failure = new NetworkFailure(string.Empty, message, null);

    public ScrapeFailure Failure { get; }
}
