using System.Globalization;
using System.Security.Claims;
using Maimai.Core.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Maimai.Admin.Internal;

/// <summary>The signed-in user is an admin now.</summary>
internal sealed class AdminRequirement : IAuthorizationRequirement;

/// <summary>
/// Reads the user's admin role at each request (the row and the allowlist, through <see cref="IAccountStore"/>), so a
/// revoked role or a deleted user ends on the next page, not when the session does.
/// </summary>
internal sealed class AdminRequirementHandler(IAccountStore accounts) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (!long.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return;
        }

        var cancellation = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        var account = await accounts.GetAccountAsync(userId, cancellation);
        if (account is { IsAdmin: true })
        {
            context.Succeed(requirement);
        }
    }
}
