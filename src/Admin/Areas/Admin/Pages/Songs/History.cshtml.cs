using Maimai.Admin.Internal;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>A song's audited changes, newest first, each with the row before and after and a revert button.</summary>
public sealed class HistoryModel(ISongEditor songs) : PageModel
{
    public EditableSong? Song { get; private set; }

    public IReadOnlyList<SongChange> Changes { get; private set; } = [];

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Changes = await songs.HistoryAsync(id, cancellationToken);
        Song = await songs.GetAsync(id, cancellationToken);
        // A deleted song keeps its history, so the page stays while there is any.
        return Song is null && Changes.Count == 0 ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostRevertAsync(int id, long change, CancellationToken cancellationToken)
    {
        var history = await songs.HistoryAsync(id, cancellationToken);
        if (history.All(c => c.Id != change))
        {
            return NotFound();
        }

        var result = await songs.RevertAsync(change, AdminUser.Actor(User), cancellationToken);
        if (result.Outcome == SongEditOutcome.Saved)
        {
            return Redirect($"/admin/songs/history/{id}");
        }

        Refusal = result.Message ?? "It changed while you looked: see the newest entry.";
        Changes = await songs.HistoryAsync(id, cancellationToken);
        Song = await songs.GetAsync(id, cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
