using Maimai.Admin.Internal;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>Import the otoge-db lists (uploaded, or from the server's folder) as a job; the page follows its progress to the summary.</summary>
public sealed class ImportModel(ISongImports imports) : PageModel
{
    /// <summary>Largest list accepted: the real ones are about 2.5 MB.</summary>
    public const long MaxListBytes = 32 * 1024 * 1024;

    public IReadOnlyList<string> ServerLists { get; private set; } = [];

    public SongImportJob? Job { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet(Guid? job)
    {
        ServerLists = imports.ServerLists();
        if (job is { } id)
        {
            Job = imports.Find(id);
            return Job is null ? NotFound() : Page();
        }

        return Page();
    }

    /// <summary>The job as JSON, for the progress bar's polling.</summary>
    public IActionResult OnGetStatus(Guid job) => imports.Find(job) is { } found ? new JsonResult(found, StatusJson) : NotFound();

    private static readonly System.Text.Json.JsonSerializerOptions StatusJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [RequestSizeLimit(2 * MaxListBytes + 1024 * 1024)]
    public async Task<IActionResult> OnPostStartAsync(IFormFile? jp, IFormFile? intl, string? serverJp, string? serverIntl, CancellationToken cancellationToken)
    {
        var lists = new List<SongListSource>();
        foreach (var (region, file, server) in new[] { (Region.Jp, jp, serverJp), (Region.Intl, intl, serverIntl) })
        {
            if (file is { Length: > 0 })
            {
                if (file.Length > MaxListBytes)
                {
                    return Refuse($"{file.FileName} is larger than {MaxListBytes / 1024 / 1024} MB: is it an otoge-db list?");
                }

                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes, cancellationToken);
                lists.Add(new SongListSource(region, Path.GetFileName(file.FileName), bytes.ToArray()));
            }
            else if (!string.IsNullOrEmpty(server))
            {
                if (imports.ReadServerList(server) is not { } json)
                {
                    return Refuse($"There is no list named {server} on the server.");
                }

                lists.Add(new SongListSource(region, server, json));
            }
        }

        if (lists.Count == 0)
        {
            return Refuse("Choose a jp list, an intl list or both.");
        }

        var job = imports.Start(lists, AdminUser.Actor(User));
        return Redirect($"/admin/songs/import?job={job.Id}");
    }

    private PageResult Refuse(string message)
    {
        ServerLists = imports.ServerLists();
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
