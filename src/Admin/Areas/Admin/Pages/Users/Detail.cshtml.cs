using System.Globalization;
using System.Security.Claims;
using Maimai.Admin.Internal;
using Maimai.Core.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Users;

/// <summary>One user: regions, latest fetches and their errors; grant or revoke admin; delete the account.</summary>
public sealed class DetailModel(IUserAdmin users, IAccountDeletion deletion) : PageModel
{
    public UserDetail? Detail { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Detail = await users.GetAsync(id, cancellationToken);
        return Detail is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAdminAsync(long id, bool grant, CancellationToken cancellationToken) =>
        await users.SetAdminAsync(id, grant, AdminUser.Actor(User), cancellationToken) ? Redirect($"/admin/users/detail/{id}") : NotFound();

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken cancellationToken)
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) == id.ToString(CultureInfo.InvariantCulture))
        {
            return await ShowAsync(id, "You cannot delete your own account here: the site's account page does that.", cancellationToken);
        }

        return await deletion.DeleteAccountAsync(id, AdminUser.Actor(User), cancellationToken) switch
        {
            AccountDeletion.Deleted => Redirect("/admin/users?deleted=" + id),
            AccountDeletion.NotFound => NotFound(),
            _ => await ShowAsync(id, "A fetch of this user's is pending or running: nothing was deleted. Try again when it ends.", cancellationToken),
        };
    }

    private async Task<IActionResult> ShowAsync(long id, string message, CancellationToken cancellationToken)
    {
        Detail = await users.GetAsync(id, cancellationToken);
        Message = message;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Detail is null ? NotFound() : Page();
    }
}
