using System.Text.Encodings.Web;
using Maimai.Core.Accounts;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Site.Sessions;

/// <summary>
/// The session cookie as a maimai.v1 caller, for the site's own frontend: only on gRPC-Web calls (a browser cannot
/// send those cross-site without CORS) whose Origin is the site's or one of Site:AllowedOrigins. Anything else is no
/// result, so the API token scheme's challenge answers UNAUTHENTICATED in the caller's protocol; this scheme's own
/// challenge writes nothing.
/// </summary>
internal sealed class SessionGrpcWebAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<SiteOptions> site,
    IAccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.ContainsKey(WebLoginSchemes.CookieName) || !ApiGrpcWeb.IsGrpcWebRequest(Request) || !IsAllowedOrigin())
        {
            return AuthenticateResult.NoResult();
        }

        Account? account = null;
        try
        {
            var session = await Context.AuthenticateAsync(WebLoginSchemes.Cookie);
            if (session.Succeeded && WebSessionClaims.UserId(session.Principal) is { } userId)
            {
                // Admin-ness as the user's row and the allowlist say now, so a revoked role ends on the next call; a
                // deleted user is no caller.
                account = await accounts.GetAccountAsync(userId, Context.RequestAborted);
            }
        }
        catch (Exception e) when (!Context.RequestAborted.IsCancellationRequested)
        {
            // The session store or the users table could not answer (the database away): the API's challenge maps
            // it, so the caller sees UNAVAILABLE in its own protocol rather than an HTTP 500 or a sign-in prompt.
            ApiAuthenticationFailure.Record(Context, e);
            return AuthenticateResult.Fail(e);
        }

        return account is null
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(ApiCallerClaims.ToSessionPrincipal(account.Id, account.IsAdmin, Scheme.Name), Scheme.Name));
    }

    // The API token scheme, first in each policy, writes the gRPC refusal (UNAUTHENTICATED, PERMISSION_DENIED); a
    // redirect, a 401 or a 403 from here would spoil it.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Task.CompletedTask;

    private bool IsAllowedOrigin()
    {
        var origin = Request.Headers.Origin.ToString();
        if (origin.Length == 0 || Request.Headers.Origin.Count != 1)
        {
            return false;
        }

        var own = $"{Request.Scheme}://{Request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || site.Value.AllowedOrigins.Any(allowed => string.Equals(origin, allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
