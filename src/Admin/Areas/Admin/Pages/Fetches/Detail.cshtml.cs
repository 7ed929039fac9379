using Maimai.Admin.Internal;
using Maimai.Core.Fetching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Fetches;

/// <summary>One fetch: its progress, the pages it requested by kind, the entries it kept as warnings; fail it while stuck.</summary>
public sealed class DetailModel(IFetchAdmin fetches) : PageModel
{
    /// <summary>The longest reason kept in the audit.</summary>
    public const int ReasonLength = 300;

    public FetchDetail? Detail { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Detail = await fetches.GetAsync(id, cancellationToken);
        Message = Request.Query.ContainsKey("failed") ? "The fetch was failed. Its run stops at its next heartbeat and saves nothing." : null;
        return Detail is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostFailAsync(long id, CancellationToken cancellationToken)
    {
        var reason = Reason?.Trim() ?? "";
        if (reason.Length is 0 or > ReasonLength)
        {
            ModelState.AddModelError(nameof(Reason), $"Say why in 1 to {ReasonLength} characters: it goes into the audit.");
            return await ShowAsync(id, StatusCodes.Status400BadRequest, null, cancellationToken);
        }

        if (await fetches.FailAsync(id, reason, AdminUser.Actor(User), cancellationToken))
        {
            return Redirect($"/admin/fetches/detail/{id}?failed=1");
        }

        return await ShowAsync(id, StatusCodes.Status409Conflict, "The fetch has ended already: nothing was changed.", cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(long id, int status, string? message, CancellationToken cancellationToken)
    {
        Detail = await fetches.GetAsync(id, cancellationToken);
        if (Detail is null)
        {
            return NotFound();
        }

        Message = message;
        Response.StatusCode = status;
        return Page();
    }
}
