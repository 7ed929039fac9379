using System.Text.Encodings.Web;
using Maimai.Core.Accounts;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Interceptors.Internal;
using Maimai.Grpc.Interceptors;
using Maimai.Grpc.Refusals;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Grpc.Authentication.Internal;

/// <summary>
/// `authorization: Bearer &lt;api token&gt;` over <see cref="IAccountStore.AuthenticateAsync"/>. No header is no
/// result (API_TOKEN_MISSING when challenged); any other scheme, or a token the store does not know, fails
/// (API_TOKEN_INVALID). A store that cannot answer (its database away) fails with that exception, which the
/// challenge maps through <see cref="ApiExceptionMap"/> like any call's failure.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IAccountStore accounts,
    IOptions<ApiExceptionMap> exceptionMap)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail(TokenRejected.Instance);
        }

        ApiCaller? caller;
        try
        {
            caller = await accounts.AuthenticateAsync(header[Bearer.Length..].Trim(), Context.RequestAborted);
        }
        catch (Exception e)
        {
            return AuthenticateResult.Fail(e);
        }

        return caller is null
            ? AuthenticateResult.Fail(TokenRejected.Instance)
            : AuthenticateResult.Success(new AuthenticationTicket(ApiCallerClaims.ToPrincipal(caller, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var failure = result.Failure ?? ApiAuthenticationFailure.Find(Context);
        var refusal = failure switch
        {
            null => ApiErrors.Unauthenticated(tokenPresent: false),
            TokenRejected => ApiErrors.Unauthenticated(tokenPresent: true),
            _ => exceptionMap.Value.ToRpcException(failure, Context.RequestAborted),
        };
        if (failure is not null and not TokenRejected)
        {
            CallLog.Ended(Logger, Request.Path, refusal, DateTime.MaxValue);
        }

        if (!GrpcCallRefusal.TryWrite(Context, refusal))
        {
            // Plain HTTP: the usual 401 with the scheme to use (RFC 6750).
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
        }
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // An authenticated caller without the role an rpc needs (AdminPolicy).
        if (!GrpcCallRefusal.TryWrite(Context, ApiErrors.PermissionDenied()))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return Task.CompletedTask;
    }

    /// <summary>The failure of a header that is not a known API token; its message never holds the token.</summary>
    private sealed class TokenRejected : Exception
    {
        public static readonly TokenRejected Instance = new();

        private TokenRejected()
            : base("The API token is not valid or was revoked.")
        {
        }
    }
}
