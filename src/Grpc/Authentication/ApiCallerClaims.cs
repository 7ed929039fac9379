using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Grpc.Errors;

namespace Maimai.Grpc.Authentication;

/// <summary>The caller of a maimai.v1 call as claims: written by the authentication scheme, read by the services.</summary>
public static class ApiCallerClaims
{
    /// <summary>The claim carrying the API token's id.</summary>
    public const string TokenIdClaim = "maimai:api_token_id";

    /// <summary>The claim an admin caller carries (value "true"); <see cref="ApiTokenAuthentication.AdminPolicy"/> requires it.</summary>
    public const string AdminClaim = "maimai:admin";

    /// <summary>A principal for <paramref name="caller"/>, authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal ToPrincipal(ApiCaller caller, string scheme)
    {
        ArgumentNullException.ThrowIfNull(caller);
        List<Claim> claims =
        [
            new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString(CultureInfo.InvariantCulture)),
            new Claim(TokenIdClaim, caller.TokenId.ToString(CultureInfo.InvariantCulture)),
        ];
        if (caller.IsAdmin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>
    /// A principal for a user signed in on the site, calling with the session cookie rather than an API token
    /// (<see cref="ApiCaller.TokenId"/> 0, which no token has), authenticated by <paramref name="scheme"/>.
    /// </summary>
    public static ClaimsPrincipal ToSessionPrincipal(long userId, bool isAdmin, string scheme)
    {
        List<Claim> claims = [new Claim(ClaimTypes.NameIdentifier, userId.ToString(CultureInfo.InvariantCulture))];
        if (isAdmin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>
    /// The authenticated caller of this call. UNAUTHENTICATED when there is none, which only an endpoint mapped
    /// without <see cref="ApiTokenAuthentication.Policy"/> can meet.
    /// </summary>
    public static ApiCaller GetApiCaller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true
            && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            && TryReadTokenId(user, out var tokenId)
            ? new ApiCaller(userId, tokenId, user.HasClaim(AdminClaim, "true"))
            : throw ApiErrors.Unauthenticated(tokenPresent: false);
    }

    // No token claim is a web session (token id 0); a token claim that does not parse is no caller at all.
    private static bool TryReadTokenId(ClaimsPrincipal user, out long tokenId)
    {
        var claim = user.FindFirstValue(TokenIdClaim);
        tokenId = 0;
        return claim is null || long.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out tokenId);
    }
}
