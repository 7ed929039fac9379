using Maimai.Core.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Users;

/// <summary>Users: search by name, Discord id or id.</summary>
public sealed class IndexModel(IUserAdmin users) : PageModel
{
    public const int Shown = 100;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public IReadOnlyList<UserListing> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await users.SearchAsync(Q, Shown, cancellationToken);
}
