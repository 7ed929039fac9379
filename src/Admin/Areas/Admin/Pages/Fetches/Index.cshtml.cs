using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Fetches;

/// <summary>Everyone's latest fetches, filtered by state and error code.</summary>
public sealed class IndexModel(IUserAdmin users) : PageModel
{
    public const int Shown = 200;

    [BindProperty(SupportsGet = true)] public FetchState? State { get; set; }

    [BindProperty(SupportsGet = true)] public FetchErrorCode? Error { get; set; }

    public IReadOnlyList<FetchListing> Fetches { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Fetches = await users.ListFetchesAsync(State, Error is FetchErrorCode.None ? null : Error, Shown, cancellationToken);
}
