using System.Security.Claims;
using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Tests.Services;

namespace Maimai.Grpc.Tests.Authentication;

/// <summary>The caller read back from claims: an API token's, a web session's (no token), or none.</summary>
public sealed class ApiCallerClaimsTests
{
    [Fact]
    public void A_token_caller_keeps_its_token_id()
    {
        var context = new TestCallContext(new ApiCaller(7, 42));

        Assert.Equal(new ApiCaller(7, 42), context.GetApiCaller());
    }

    [Fact]
    public void A_web_session_caller_has_no_token()
    {
        var context = new TestCallContext(new ApiCaller(1, 1));
        context.GetHttpContext().User = ApiCallerClaims.ToSessionPrincipal(7, isAdmin: false, "WebSessionGrpcWeb");

        Assert.Equal(new ApiCaller(7, 0), context.GetApiCaller());
    }

    [Fact]
    public void An_admin_signed_in_on_the_site_is_an_admin_caller()
    {
        var context = new TestCallContext(new ApiCaller(1, 1));
        context.GetHttpContext().User = ApiCallerClaims.ToSessionPrincipal(7, isAdmin: true, "WebSessionGrpcWeb");

        Assert.Equal(new ApiCaller(7, 0, IsAdmin: true), context.GetApiCaller());
    }

    [Fact]
    public void A_token_claim_that_does_not_parse_is_no_caller()
    {
        var context = new TestCallContext(new ApiCaller(1, 1));
        context.GetHttpContext().User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(ApiCallerClaims.TokenIdClaim, "x")], "test"));

        var refusal = Assert.Throws<RpcException>(() => context.GetApiCaller());
        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
    }
}
