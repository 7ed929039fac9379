using Maimai.Admin.Internal;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>The charts fetches discovered: complete one (its edit pages) or merge it into the chart it really is.</summary>
public sealed class DiscoveredModel(IDiscoveredCharts discovered) : PageModel
{
    public IReadOnlyList<DiscoveredEntry> Entries { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Refusal { get; private set; }

    public async Task OnGetAsync(int? merged, int? into, CancellationToken cancellationToken)
    {
        if (merged is { } chart && into is { } target)
        {
            Message = $"Chart {chart} was merged into chart {target}: its scores and plays moved with it. The target song's history can undo it.";
        }

        Entries = await discovered.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostMergeAsync(int chartId, int? targetChartId, CancellationToken cancellationToken)
    {
        if (targetChartId is not { } target)
        {
            return await RefuseAsync("Give the id of the chart to merge into (the number in its edit page's address).", cancellationToken);
        }

        var result = await discovered.MergeAsync(chartId, target, AdminUser.Actor(User), cancellationToken);
        return result.Outcome switch
        {
            SongEditOutcome.Saved => Redirect($"/admin/songs/discovered?merged={chartId}&into={target}"),
            SongEditOutcome.NotFound => await RefuseAsync($"There is no chart {chartId} or no chart {target}: nothing was merged.", cancellationToken),
            _ => await RefuseAsync(result.Message ?? "Nothing was merged.", cancellationToken),
        };
    }

    private async Task<IActionResult> RefuseAsync(string message, CancellationToken cancellationToken)
    {
        Refusal = message;
        Entries = await discovered.ListAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
