using System.Net;
using Maimai.DxNetSimulator;

namespace Maimai.Scraping.Tests.Simulator;

/// <summary>Starts simulators for tests: small catalogs (fast), a timeout on every start.</summary>
internal static class TestSimulator
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task<RunningSimulator> StartAsync(Action<DxNetSimulatorOptions>? configure = null)
    {
        var options = new DxNetSimulatorOptions { SongCount = 150, UtageCount = 3 };
        configure?.Invoke(options);
        return DxNetSimulatorHost.StartAsync(options).WaitAsync(Timeout);
    }
}

/// <summary>
/// An HTTP client that handles the userId cookie by hand (no automatic redirects or cookie jar), so tests
/// see exactly what the site sends; it keeps the newest userId as a careful scraper must.
/// </summary>
internal sealed class SiteClient : IDisposable
{
    private readonly HttpClient _http;

    public SiteClient(RunningSimulator simulator, string? userId = null)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = simulator.BaseUrl,
            Timeout = TestSimulator.Timeout,
        };
        UserId = userId ?? simulator.Sessions.Current;
    }

    public string? UserId { get; set; }

    public string? Clal { get; set; }

    /// <summary>Sends a GET with the current cookies; a userId in the response replaces the current one.</summary>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        var cookies = new List<string>();
        if (UserId is not null)
        {
            cookies.Add("userId=" + UserId);
        }

        if (Clal is not null)
        {
            cookies.Add("clal=" + Clal);
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies));
        }

        var response = await _http.SendAsync(request, completion).WaitAsync(TestSimulator.Timeout);
        if (NewUserId(response) is { } newest)
        {
            UserId = newest;
        }

        return response;
    }

    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public async Task<string> GetPageAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync().WaitAsync(TestSimulator.Timeout);
    }

    public static string? NewUserId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith("userId=", StringComparison.Ordinal))
                .Select(v => v["userId=".Length..].Split(';')[0])
                .LastOrDefault()
            : null;

    public void Dispose() => _http.Dispose();
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
