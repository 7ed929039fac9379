using Maimai.Admin.Internal;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Plugins;

/// <summary>The stored parse warnings by region, build and page kind, and a re-parse of a region's unread ones with its current plugin.</summary>
public sealed class WarningsModel(IPluginAdmin plugins) : PageModel
{
    public const int Shown = 100;

    [BindProperty(SupportsGet = true)] public Region? Region { get; set; }

    [BindProperty(SupportsGet = true)] public string? Plugin { get; set; }

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    public IReadOnlyList<StoredParseWarning> Warnings { get; private set; } = [];

    public ReparseReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Warnings = await plugins.ListWarningsAsync(Region, Blank(Plugin), Blank(Kind), All, Shown, cancellationToken);

    public async Task<IActionResult> OnPostReparseAsync(Region region, CancellationToken cancellationToken)
    {
        Report = await plugins.ReparseAsync(region, AdminUser.Actor(User), cancellationToken);
        Region = region;
        Warnings = await plugins.ListWarningsAsync(region, null, null, false, Shown, cancellationToken);
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
