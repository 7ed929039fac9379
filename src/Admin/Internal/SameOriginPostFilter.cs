using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Maimai.Admin.Internal;

/// <summary>
/// Refuses a post whose Origin (or, without one, Referer) names another site, before any handler runs. The
/// antiforgery token already stops a cross-site form; this is the second lock on the same door.
/// </summary>
internal sealed class SameOriginPostFilter : IAuthorizationFilter, IOrderedFilter
{
    // Before the antiforgery check (order 1000), so a foreign post is told "another site" rather than "bad request".
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !IsSameOrigin(request))
        {
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status403Forbidden,
                ContentType = "text/html; charset=utf-8",
                Content = AdminErrorFilter.Page("Refused", "This form was sent from another site, so nothing was changed."),
            };
        }
    }

    private static bool IsSameOrigin(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host.Value}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return request.Headers.Origin.Count == 1 && string.Equals(origin, own, StringComparison.OrdinalIgnoreCase);
        }

        var referer = request.Headers.Referer.ToString();
        return referer.Length == 0
            || (Uri.TryCreate(referer, UriKind.Absolute, out var uri) && string.Equals(uri.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase));
    }
}
