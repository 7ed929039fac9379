using Maimai.Admin.Internal;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>A song: its fields, its charts, delete; a new song without an id.</summary>
public sealed class EditModel(ISongEditor songs) : PageModel
{
    [BindProperty]
    public SongInput Input { get; set; } = new();

    public EditableSong? Song { get; private set; }

    /// <summary>What another admin saved first, as stored now (JSON), when this save was refused for it.</summary>
    public string? Conflict { get; private set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return Page();
        }

        Song = await songs.GetAsync(id.Value, cancellationToken);
        if (Song is null)
        {
            return NotFound();
        }

        Input = SongInput.From(Song);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is null && string.IsNullOrWhiteSpace(Input.Key))
        {
            ModelState.AddModelError("Input.Key", "A new song needs a key (otoge-db's: its title, or title and utage mark).");
        }

        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var actor = AdminUser.Actor(User);
        var result = id is null
            ? await songs.CreateSongAsync(Input.ToFields(), actor, cancellationToken)
            : await songs.UpdateSongAsync(id.Value, Input.Version, Input.ToFields(), actor, cancellationToken);
        return await AnswerAsync(id, result, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var result = await songs.DeleteSongAsync(id, Input.Version, AdminUser.Actor(User), cancellationToken);
        return result.Outcome == SongEditOutcome.Saved ? Redirect("/admin/songs?deleted=" + id) : await AnswerAsync(id, result, cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(int? id, SongEditResult result, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case SongEditOutcome.Saved:
                return Redirect($"/admin/songs/edit/{result.SongId}");
            case SongEditOutcome.NotFound:
                return NotFound();
            case SongEditOutcome.Conflict:
                // The form keeps what this admin typed, now over the version that won: saving again is a choice made seeing both.
                Conflict = result.Current;
                Input.Version = result.CurrentVersion;
                ModelState.Remove("Input.Version");
                return await RedisplayAsync(id, StatusCodes.Status409Conflict, cancellationToken);
            default:
                Refusal = result.Message;
                return await RedisplayAsync(id, StatusCodes.Status400BadRequest, cancellationToken);
        }
    }

    private async Task<IActionResult> RedisplayAsync(int? id, int status, CancellationToken cancellationToken)
    {
        Song = id is null ? null : await songs.GetAsync(id.Value, cancellationToken);
        if (id is not null && Song is null)
        {
            return NotFound();
        }

        Response.StatusCode = status;
        return Page();
    }
}
