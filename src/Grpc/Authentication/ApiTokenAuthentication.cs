using Maimai.Grpc.Authentication.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Grpc.Authentication;

/// <summary>
/// The API token scheme: `authorization: Bearer &lt;api token&gt;` checked against IAccountStore, and the
/// authorization policy the maimai.v1 endpoints require. A missing or bad token is answered UNAUTHENTICATED
/// (ErrorInfo API_TOKEN_MISSING or API_TOKEN_INVALID) as a gRPC Trailers-Only response, not an HTTP 401.
/// </summary>
public static class ApiTokenAuthentication
{
    /// <summary>The authentication scheme's name.</summary>
    public const string Scheme = "ApiToken";

    /// <summary>The authorization policy every maimai.v1 endpoint requires: an authenticated caller.</summary>
    public const string Policy = "maimai-api";

    /// <summary>
    /// The policy admin rpcs require on top of <see cref="Policy"/>: a caller with <see cref="ApiCallerClaims.AdminClaim"/>.
    /// Another caller is answered PERMISSION_DENIED.
    /// </summary>
    public const string AdminPolicy = "maimai-admin";

    /// <summary>
    /// Adds the scheme and the policy. The policy names its schemes; another scheme (a site cookie) joins it by
    /// adding itself to <see cref="Policy"/>'s schemes. Needs IAccountStore from the host.
    /// </summary>
    public static AuthenticationBuilder AddApiTokenAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(ApiCallerClaims.AdminClaim, "true"));
        return services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, displayName: "API token", configureOptions: null);
    }
}
