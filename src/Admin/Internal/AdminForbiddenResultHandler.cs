using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Maimai.Admin.Internal;

/// <summary>
/// A signed-in user who is not an admin gets 403 on an admin page: the session cookie's own answer to Forbid is a
/// redirect to the sign-in page, which would only say "signed in" again. Everything else keeps the default answers.
/// </summary>
internal sealed class AdminForbiddenResultHandler(AuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var admin = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AdminSite.Policy) == true;
        if (admin && authorizeResult.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(AdminErrorFilter.Page("Admins only", "This part of the site is for admins. Ask an admin to grant you the role."), Encoding.UTF8);
            return;
        }

        await inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
