using System.Security.Claims;
using Maimai.Silo.Accounts;
using Maimai.Silo.Site.Sessions;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Maimai.Silo.Site.SignIn;

/// <summary>
/// The sign-in page, the Discord start, the development login and the two sign-out posts. Every post checks the
/// antiforgery token first, so a form posted from another site with our cookie changes nothing.
/// </summary>
internal static partial class SignInEndpoints
{
    /// <summary>Longest development user name.</summary>
    public const int MaxDevelopmentNameLength = 32;

    public static void Map(IEndpointRouteBuilder endpoints, bool discordEnabled, bool developmentLogin)
    {
        var site = endpoints.MapGroup("").AddEndpointFilter(FailureFilterAsync).ExcludeFromDescription();
        site.MapGet(SignInPaths.SignIn, Page(http => SignInPageAsync(http, discordEnabled, developmentLogin, error: null, name: "")));
        if (discordEnabled)
        {
            site.MapGet(SignInPaths.Discord, () => Results.Challenge(new AuthenticationProperties { RedirectUri = SignInPaths.SignIn }, [WebLoginSchemes.Discord]));
        }

        if (developmentLogin)
        {
            site.MapPost(SignInPaths.Development, Page(http => DevelopmentSignInAsync(http, discordEnabled)));
        }

        site.MapPost(SignInPaths.SignOut, Page(SignOutAsync));
        site.MapPost(SignInPaths.SignOutEverywhere, Page(SignOutEverywhereAsync));
    }

    // As a Delegate, so the minimal API writes the IResult (a bare HttpContext lambda would bind as a RequestDelegate).
    private static Delegate Page(Func<HttpContext, Task<IResult>> handler) => handler;

    private static async Task<IResult> SignInPageAsync(HttpContext http, bool discordEnabled, bool developmentLogin, string? error, string name)
    {
        var userId = await AuthenticateSessionAsync(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var hidden = $"<input type=\"hidden\" name=\"{SitePage.Encode(tokens.FormFieldName)}\" value=\"{SitePage.Encode(tokens.RequestToken ?? "")}\">";
        if (userId is { } id)
        {
            var sessions = await http.RequestServices.GetRequiredService<WebSessionRepository>()
                .CountLiveAsync(id, ServiceClock.Get(http.RequestServices).GetUtcNow(), http.RequestAborted);
            var displayName = http.User.FindFirstValue(ClaimTypes.Name) ?? "";
            return SitePage.Result(StatusCodes.Status200OK, "Signed in", $"""
                <p>Signed in as <strong>{SitePage.Encode(displayName)}</strong>.</p>
                <p><a class="button" href="/">Open the site</a></p>
                <p class="note">Signed in on {sessions} {(sessions == 1 ? "browser" : "browsers")}.</p>
                <form method="post" action="{SignInPaths.SignOut}">{hidden}<button type="submit">Sign out</button></form>
                <form method="post" action="{SignInPaths.SignOutEverywhere}">{hidden}<button class="secondary" type="submit">Sign out everywhere</button>
                <p class="note">Ends every session of yours, on every device.</p></form>
                """);
        }

        var body = error is null ? "" : $"<p role=\"alert\"><strong>{SitePage.Encode(error)}</strong></p>";
        body += discordEnabled
            ? $"<p><a class=\"button\" href=\"{SignInPaths.Discord}\">Sign in with Discord</a></p>"
            : "<p class=\"note\">Sign-in with Discord is not configured on this server yet (the README's \"Signing in\" says how).</p>";
        if (developmentLogin)
        {
            body += $"""
                <form method="post" action="{SignInPaths.Development}">{hidden}
                <label for="name">Development login: any user name</label>
                <input id="name" name="name" required maxlength="{MaxDevelopmentNameLength}" value="{SitePage.Encode(name)}" autocomplete="username">
                <button type="submit">Sign in (development)</button></form>
                <p class="note">This form exists only in the Development environment.</p>
                """;
        }

        return SitePage.Result(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "Sign in", body);
    }

    private static async Task<IResult> DevelopmentSignInAsync(HttpContext http, bool discordEnabled)
    {
        await AuthenticateSessionAsync(http);
        if (!await IsFormFromThisSiteAsync(http))
        {
            return FormRefused();
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var name = form["name"].ToString().Trim();
        if (name.Length is 0 or > MaxDevelopmentNameLength || name.Any(char.IsControl))
        {
            return await SignInPageAsync(http, discordEnabled, developmentLogin: true,
                error: $"Pick a user name of 1 to {MaxDevelopmentNameLength} characters.", name: name.Length > 200 ? name[..200] : name);
        }

        // One local user per name (case-insensitive), so signing in again finds the same scores.
        var user = await http.RequestServices.GetRequiredService<UserRepository>().UpsertByDiscordIdAsync(
            AccountStore.DevelopmentDiscordId(name), name, ServiceClock.Get(http.RequestServices).GetUtcNow(), http.RequestAborted);
        await http.SignInAsync(WebLoginSchemes.Cookie, WebSessionClaims.Principal(user, WebLoginSchemes.Cookie), new AuthenticationProperties { IsPersistent = true });
        return SeeOther(SignInPaths.SignIn);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await AuthenticateSessionAsync(http);
        if (!await IsFormFromThisSiteAsync(http))
        {
            return FormRefused();
        }

        // The cookie handler removes the session's row (WebSessionTicketStore.RemoveAsync) and expires the cookie.
        await http.SignOutAsync(WebLoginSchemes.Cookie);
        return SeeOther(SignInPaths.SignIn);
    }

    private static async Task<IResult> SignOutEverywhereAsync(HttpContext http)
    {
        var userId = await AuthenticateSessionAsync(http);
        if (!await IsFormFromThisSiteAsync(http))
        {
            return FormRefused();
        }

        if (userId is { } id)
        {
            await http.RequestServices.GetRequiredService<WebSessionRepository>().DeleteAllOfUserAsync(id, http.RequestAborted);
        }

        await http.SignOutAsync(WebLoginSchemes.Cookie);
        return SeeOther(SignInPaths.SignIn);
    }

    /// <summary>The signed-in user's id, with <see cref="HttpContext.User"/> set to them (antiforgery tokens are per user).</summary>
    private static async Task<long?> AuthenticateSessionAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(WebLoginSchemes.Cookie);
        if (result.Succeeded)
        {
            http.User = result.Principal;
            return WebSessionClaims.UserId(result.Principal);
        }

        return null;
    }

    private static Task<bool> IsFormFromThisSiteAsync(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);

    private static IResult FormRefused() => SitePage.Error(StatusCodes.Status400BadRequest, "This form has expired",
        "The form was too old or was not sent from this site, so nothing was changed. Open the sign-in page and try again.");

    // 303: the browser follows a form post with a GET.
    private static SeeOtherResult SeeOther(string path) => new(path);

    private static async ValueTask<object?> FailureFilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInEndpoints));
            PageFailed(logger, context.HttpContext.Request.Path, e);
            return StorageFailures.IsTransient(e)
                ? SitePage.Error(StatusCodes.Status503ServiceUnavailable, "Try again in a moment", "The database is not answering right now. Nothing was changed.")
                : SitePage.Error(StatusCodes.Status500InternalServerError, "Something went wrong", "Something went wrong on our side. Nothing was changed.");
        }
    }

    [LoggerMessage(EventId = 2003, EventName = "SignInPageFailed", Level = LogLevel.Error, Message = "Sign-in page {Path} failed")]
    private static partial void PageFailed(ILogger logger, string path, Exception exception);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
