using Maimai.Core.Fetching;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Plugins;

/// <summary>Each region's plugin: the build serving it, when it was loaded, its health, hot reload; and the parse warnings by build.</summary>
public sealed class IndexModel(IPluginAdmin plugins) : PageModel
{
    public PluginReport Report { get; private set; } = null!;

    public IReadOnlyList<ParseWarningGroup> Warnings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Report = plugins.Plugins();
        Warnings = await plugins.GroupWarningsAsync(cancellationToken);
    }
}
