using Maimai.Admin.Internal;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>A chart: every field, delete; a new chart of a song with ?songId= and no id.</summary>
public sealed class ChartModel(ISongEditor songs) : PageModel
{
    [BindProperty]
    public ChartInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int? SongId { get; set; }

    public EditableSong? Song { get; private set; }

    public EditableChart? Chart { get; private set; }

    /// <summary>What another admin saved first, as stored now (JSON), when this save was refused for it.</summary>
    public string? Conflict { get; private set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (Chart is not null)
        {
            Input = ChartInput.From(Chart);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // Parsed even when binding found faults, so every bad field gets its message at once.
        var fields = Input.ToFields(ModelState);
        if (fields is null || !ModelState.IsValid)
        {
            return Status(StatusCodes.Status400BadRequest);
        }

        var actor = AdminUser.Actor(User);
        var result = Chart is null
            ? await songs.CreateChartAsync(Song!.Id, fields, actor, cancellationToken)
            : await songs.UpdateChartAsync(Chart.Id, Input.Version, fields, actor, cancellationToken);
        return await AnswerAsync(id, result, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        return await AnswerAsync(id, await songs.DeleteChartAsync(id, Input.Version, AdminUser.Actor(User), cancellationToken), cancellationToken);
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
                await LoadAsync(id, cancellationToken);
                return Status(StatusCodes.Status409Conflict);
            default:
                Refusal = result.Message;
                return Status(StatusCodes.Status400BadRequest);
        }
    }

    private PageResult Status(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    // The chart and its song, or the song a new chart is for; false when they are not there.
    private async Task<bool> LoadAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is { } chartId)
        {
            var owner = await songs.FindChartSongAsync(chartId, cancellationToken);
            Song = owner is null ? null : await songs.GetAsync(owner.Value, cancellationToken);
            Chart = Song?.Charts.FirstOrDefault(c => c.Id == chartId);
            return Chart is not null;
        }

        Song = SongId is { } songId ? await songs.GetAsync(songId, cancellationToken) : null;
        return Song is not null;
    }
}
