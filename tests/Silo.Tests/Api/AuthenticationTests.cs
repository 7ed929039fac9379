using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Maimai.Core.Accounts;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Services.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>Every maimai.v1 rpc (enumerated from the descriptors) but the public profiles' refuses a missing, malformed, unknown or revoked API token.</summary>
[Collection(ApiGroup.Name)]
public sealed class AuthenticationTests(ApiFixture api)
{
    private const int Unauthenticated = 16;

    public static TheoryData<string> Rpcs()
    {
        var data = new TheoryData<string>();
        // PublicProfileService is the one service for anyone (PublicProfileTests.Public_rpcs_need_no_token).
        foreach (var service in MaimaiApiExtensions.Services.Where(s => s.Name != "PublicProfileService"))
        {
            foreach (var method in service.Methods)
            {
                data.Add($"/{service.FullName}/{method.Name}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Every_rpc_needs_a_valid_token(string rpc)
    {
        var method = FindMethod(rpc);
        // A request that would be valid apart from the token, so the refusal can only come from authentication.
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;

        var missing = await CallAsync(api.Anonymous, rpc, request);
        Assert.Equal(Unauthenticated, missing.Status);
        Assert.Equal(ApiErrors.ApiTokenMissing, missing.ErrorInfo.Reason);

        var forged = ApiTokenFormat.Generate();
        foreach (var bad in new[] { forged, "Basic dXNlcjpwYXNz", "mdx_short", "Bearer " })
        {
            var result = await CallAsync(api.Anonymous.WithToken(bad), rpc, request);
            Assert.Equal(Unauthenticated, result.Status);
            Assert.Equal(ApiErrors.Domain, result.ErrorInfo.Domain);
        }
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var user = await api.AddUserAsync("Revoker");
        var client = api.Client(user);
        var created = (await client.CallAsync<CreateApiTokenResponse>("/maimai.v1.AccountService/CreateApiToken",
            new CreateApiTokenRequest { Name = "phone" }).WaitAsync(ApiFixture.Timeout)).Response;
        var phone = client.WithToken(created.PlaintextToken);
        Assert.Equal(0, (await phone.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(ApiFixture.Timeout)).Status);

        var revoked = await client.CallAsync<RevokeApiTokenResponse>("/maimai.v1.AccountService/RevokeApiToken",
            new RevokeApiTokenRequest { ApiTokenId = created.ApiToken.Id }).WaitAsync(ApiFixture.Timeout);
        Assert.Equal(0, revoked.Status);

        var after = await phone.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(ApiFixture.Timeout);
        Assert.Equal(Unauthenticated, after.Status);
        Assert.Equal(ApiErrors.ApiTokenInvalid, after.ErrorInfo.Reason);
        // The other token of the same user is untouched, and revoking twice is NOT_FOUND.
        Assert.Equal(0, (await client.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest()).WaitAsync(ApiFixture.Timeout)).Status);
        var again = await client.CallAsync<RevokeApiTokenResponse>("/maimai.v1.AccountService/RevokeApiToken",
            new RevokeApiTokenRequest { ApiTokenId = created.ApiToken.Id }).WaitAsync(ApiFixture.Timeout);
        Assert.Equal(5, again.Status);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        var result = await api.Anonymous.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest()).WaitAsync(ApiFixture.Timeout);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, result.Response.Status);
    }

    private static MethodDescriptor FindMethod(string rpc) =>
        MaimaiApiExtensions.Services.SelectMany(s => s.Methods).Single(m => rpc == $"/{m.Service.FullName}/{m.Name}");

    private static Task<CallResult<Google.Protobuf.WellKnownTypes.Empty>> CallAsync(ApiClient client, string rpc, IMessage request) =>
        // The response type does not matter: an unauthenticated call has no messages.
        client.CallAsync<Google.Protobuf.WellKnownTypes.Empty>(rpc, request).WaitAsync(ApiFixture.Timeout);
}
