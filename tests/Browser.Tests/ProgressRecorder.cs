using Microsoft.Playwright;

namespace Maimai.Browser.Tests;

/// <summary>
/// Records, inside the page, every value the fetch's &lt;progress&gt; bars show (the fetch card's status lines only:
/// other cards, such as the plates, draw bars too), as each render happens (a MutationObserver), so a test sees the
/// bar advance without racing it by polling.
/// </summary>
internal sealed class ProgressRecorder
{
    private const string Install = """
        () => {
          const seen = [];
          const record = () => {
            for (const bar of document.querySelectorAll('[role=status].progress progress')) {
              if (bar.hasAttribute('value')) {
                const last = seen[seen.length - 1];
                if (!last || last.value !== bar.value || last.max !== bar.max) {
                  seen.push({ value: bar.value, max: bar.max });
                }
              }
            }
          };
          new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
          window.__progressSeen = seen;
        }
        """;

    private readonly IPage _page;

    private ProgressRecorder(IPage page) => _page = page;

    public static async Task<ProgressRecorder> StartAsync(IPage page)
    {
        await page.EvaluateAsync(Install);
        return new ProgressRecorder(page);
    }

    /// <summary>The (pages done, pages total) the bar showed, in order, each change once.</summary>
    public async Task<IReadOnlyList<(double Done, double Total)>> SeenAsync()
    {
        var seen = await _page.EvaluateAsync<double[][]>("() => window.__progressSeen.map(s => [s.value, s.max])");
        return [.. seen.Select(s => (s[0], s[1]))];
    }
}
