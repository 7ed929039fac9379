using System.Diagnostics;
using System.Globalization;
using Maimai.Benchmarks.Api;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Storage;
using Maimai.Testing.Postgres;
using Microsoft.Playwright;

namespace Maimai.Benchmarks.Web;

/// <summary>How often to measure (`web [results.md] [--rounds N]`).</summary>
public sealed record WebSettings(string ResultsPath, int Rounds)
{
    public static WebSettings Parse(string[] args)
    {
        var path = "bench/results/web.md";
        var rounds = 9;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Length)
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                path = args[i];
            }
        }

        return rounds < 1 ? throw new ArgumentException("--rounds must be at least 1.") : new WebSettings(path, rounds);
    }
}

/// <summary>
/// The player's site against its own API: the first view's bytes as served, and the time from navigation to the
/// scores table drawn with every score of a 5,500-score snapshot loaded (Playwright driving Debian's Chromium, a
/// new browser context each time, so nothing is cached), against the bare gRPC-Web ListScores calls for the same
/// snapshot with the same session cookie in the same run. Rounds alternate which goes first; medians are reported.
/// </summary>
public static class WebBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Player = "bench";

    // Headless and quiet on the network: without these Chromium keeps calling Google's hosts, which a closed network refuses.
    private static readonly string[] ChromiumArguments =
    [
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps",
    ];

    // Set by an observer installed before the page's own script: the moment (ms since navigation started) the
    // scores card's count line first names all the charts with rows drawn under it. The line appears only once
    // every ListScores page has arrived (web/src/ScoresCard.tsx). Resource Timing tells when the page's first
    // ListScores call left and its last answer arrived.
    private const string ShownObserver = """
        new MutationObserver((_, observer) => {
          const count = document.querySelector('[aria-labelledby="scores-title"] [role="status"]');
          if (count && / of \d+ charts/.test(count.textContent) && document.querySelector('table.scores tbody tr')) {
            const at = performance.now();
            const calls = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/maimai.v1.SnapshotService/ListScores'));
            window.__scoresShown = { at, text: count.textContent, calls: calls.length,
              firstCall: Math.min(...calls.map((e) => e.startTime)), lastReply: Math.max(...calls.map((e) => e.responseEnd)) };
            observer.disconnect();
          }
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    public static async Task<int> RunAsync(WebSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(Chromium))
        {
            await Console.Error.WriteLineAsync($"The web bench needs Debian's Chromium at {Chromium} (apt-get install chromium).");
            return 2;
        }

        var machine = MachineFacts.Capture();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var clock = Stopwatch.StartNew();

        await using var cluster = await PostgresCluster.StartAsync();
        var database = new Database(PostgresDialect.Instance, await cluster.CreateDatabaseAsync("webbench"));
        await new MigrationRunner(database).ApplyAsync(cancellationToken: ct);
        var world = await ReadWorldSeed.SeedAsync(database, ct, developmentLogin: Player);
        Console.WriteLine($"Seeded the development login's user \"{Player}\": snapshot {world.SnapshotId} with {world.ScoreCount:N0} scores; songs: {world.SongSource}.");

        // Development: the only environment with the development login, which the browser signs in with.
        await using var silo = await SiloNode.StartAsync(world.ConnectionString, "--environment=Development");
        var bytes = await FirstViewBytes.MeasureAsync(silo.Http, ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArguments,
        });
        var cookies = await SignInAsync(browser, silo.Http);
        var session = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        using var bare = new GrpcWebScores(silo.Http, session);
        var snapshotId = await bare.LatestSnapshotAsync(Region.Jp, ct); // the seeded snapshots are Japanese (ReadWorld)

        // Once each, unmeasured: JIT tiering, the snapshot cache, pools.
        await PageAsync(browser, silo.Http, cookies, world.ScoreCount);
        await BareAsync(bare, snapshotId, world.ScoreCount, ct);

        var page = new List<PageTiming>();
        var calls = new List<double>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            // Alternate which goes first, so drift in the machine's load does not favour one.
            if (round % 2 == 0)
            {
                page.Add(await PageAsync(browser, silo.Http, cookies, world.ScoreCount));
                calls.Add(await BareAsync(bare, snapshotId, world.ScoreCount, ct));
            }
            else
            {
                calls.Add(await BareAsync(bare, snapshotId, world.ScoreCount, ct));
                page.Add(await PageAsync(browser, silo.Http, cookies, world.ScoreCount));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: page {page[^1].At:F0} ms, bare ListScores {calls[^1]:F0} ms"));
        }

        var report = new WebReport(machine.Finish(), world, bytes, page, calls, clock.Elapsed, browser.Version);
        report.Write(settings.ResultsPath);
        Console.WriteLine(report.Summary);
        return 0;
    }

    // The development login on the sign-in page, as a player uses it; the session cookie is what the runs share.
    private static async Task<IReadOnlyList<Cookie>> SignInAsync(IBrowser browser, Uri site)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Development login: any user name").FillAsync(Player);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in (development)" }).ClickAsync();
        await page.GetByText("Signed in as").WaitForAsync();
        var cookies = await context.CookiesAsync();
        return [.. cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite })];
    }

    // From navigation to the table drawn with all scores loaded, in a fresh context (no cache), as the page timed it.
    private static async Task<PageTiming> PageAsync(IBrowser browser, Uri site, IReadOnlyList<Cookie> cookies, int scores)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        await context.AddCookiesAsync(cookies);
        await context.AddInitScriptAsync(ShownObserver);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/jp", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__scoresShown !== undefined", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var n = await page.EvaluateAsync<double[]>("() => { const s = window.__scoresShown; return [s.at, s.calls, s.firstCall, s.lastReply]; }");
        var shown = new PageTiming(n[0], await page.EvaluateAsync<string>("() => window.__scoresShown.text"), (int)n[1], n[2], n[3]);
        var expected = string.Create(CultureInfo.InvariantCulture, $" of {scores} charts");
        return shown.Text.EndsWith(expected, StringComparison.Ordinal) && shown.Calls > 0
            ? shown
            : throw new InvalidOperationException($"The table said \"{shown.Text}\" after {shown.Calls} ListScores calls, not \"…{expected}\".");
    }

    private static async Task<double> BareAsync(GrpcWebScores bare, string snapshotId, int scores, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var seen = await bare.ReadAllAsync(snapshotId, ct);
        var ms = clock.Elapsed.TotalMilliseconds;
        return seen == scores ? ms : throw new InvalidOperationException($"ListScores gave {seen} scores, not {scores}.");
    }
}

/// <summary>One page load, in milliseconds since navigation started (the page's own clock).</summary>
public sealed record PageTiming(double At, string Text, int Calls, double FirstCall, double LastReply);
