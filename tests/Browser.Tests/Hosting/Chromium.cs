using Microsoft.Playwright;

namespace Maimai.Browser.Tests.Hosting;

/// <summary>Debian's Chromium, the only browser these tests drive (Playwright's own download is never used).</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string MissingReason = "needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium; test.sh installs it)";

    public static bool IsPresent => File.Exists(ExecutablePath);

    /// <summary>
    /// Headless, and quiet on the network: without these Chromium keeps calling Google's hosts, which this
    /// machine's closed network refuses.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps",
    ];

    /// <summary>Starts Debian's Chromium, headless with <see cref="Arguments"/>.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = Arguments,
        Timeout = 30_000,
    });
}
