using Maimai.Core.Game;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>The song list: search by title, artist or key, the filters, sorting and pages.</summary>
public sealed class IndexModel(ISongEditor songs) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Genre { get; set; }
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    [BindProperty(SupportsGet = true)] public Region? Region { get; set; }
    [BindProperty(SupportsGet = true)] public ChartType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public Difficulty? Difficulty { get; set; }
    [BindProperty(SupportsGet = true)] public string? MinLevel { get; set; }
    [BindProperty(SupportsGet = true)] public string? MaxLevel { get; set; }
    [BindProperty(SupportsGet = true)] public bool Missing { get; set; }
    [BindProperty(SupportsGet = true)] public bool Discovered { get; set; }
    [BindProperty(SupportsGet = true)] public SongOrder Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public SongListPage Result { get; private set; } = new([], 0, []);

    public int Pages => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var min = ParseLevel(MinLevel, nameof(MinLevel));
        var max = ParseLevel(MaxLevel, nameof(MaxLevel));
        var version = GameVersion.All.FirstOrDefault(v => v.Name == Version);
        Result = await songs.SearchAsync(new SongListQuery(
            Q, Genre, version, Region, Type, Difficulty, min, max, Missing, Discovered, Sort, Desc, Math.Max(1, PageNumber), PageSize), cancellationToken);
    }

    /// <summary>The list's address with one parameter changed (for sort and page links; "p" is the page: Razor Pages keeps "page").</summary>
    public string Link(string name, string value)
    {
        var query = Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        query[name] = value;
        if (name != "p")
        {
            query["p"] = "1";
        }

        return "/admin/songs?" + string.Join("&", query.Where(p => p.Value.Length > 0).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    private Level? ParseLevel(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Level.TryParsePrecise(text, out var level) || Level.TryParseDisplayed(text, out level))
        {
            return level;
        }

        ModelState.AddModelError(field, "A level is like 13, 13+ or 13.7.");
        return null;
    }
}
