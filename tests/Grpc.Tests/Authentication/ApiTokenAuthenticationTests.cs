using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Maimai.Core.Accounts;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Services.V1;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using CoreDxNetTokenStatus = Maimai.Core.Accounts.DxNetTokenStatus;
using CoreRegion = Maimai.Core.Game.Region;

namespace Maimai.Grpc.Tests.Authentication;

/// <summary>
/// The API token scheme and policy on the real maimai.v1 mapping (AccountService/GetMe over a one-token store): a
/// missing or bad token is UNAUTHENTICATED Trailers-Only with ErrorInfo over gRPC and gRPC-Web, as real clients see it.
/// </summary>
public sealed class ApiTokenAuthenticationTests : IAsyncLifetime
{
    private const string GetMe = "/maimai.v1.AccountService/GetMe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string Valid = ApiTokenFormat.Generate();

    private static readonly Method<GetMeRequest, GetMeResponse> GetMeMethod = new(MethodType.Unary, "maimai.v1.AccountService", "GetMe",
        Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetMeRequest.Parser.ParseFrom),
        Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetMeResponse.Parser.ParseFrom));
    private GrpcTestServer _server = null!;

    public async Task InitializeAsync() => _server = await GrpcTestServer.StartAsync(
        refuse: app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
        },
        services: services =>
        {
            services.AddApiTokenAuthentication();
            services.AddSingleton<IAccountStore>(new OneTokenStore(Valid, 7));
            services.AddSingleton<IDxNetTokenStore, NoDxNetTokens>();
            services.AddSingleton<IAccountDeletion, NoDeletions>();
            services.AddSingleton<Maimai.Core.Sharing.ISharingStore, NoSharing>();
        },
        map: app => app.MapMaimaiApi());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer  ")]
    public async Task A_valid_token_reaches_the_service_as_the_caller(string scheme)
    {
        var response = await GrpcWire.PostAsync(_server.Http2, GetMe, GrpcWire.Frame(new GetMeRequest()), headers: [new("authorization", scheme + Valid)]);

        Assert.Equal("0", response.Status);
        Assert.Equal("7", GetMeResponse.Parser.ParseFrom(Assert.Single(response.Frames).Payload).UserId);
    }

    [Fact]
    public async Task A_missing_token_is_unauthenticated_Trailers_Only_with_API_TOKEN_MISSING()
    {
        var response = await GrpcWire.PostAsync(_server.Http2, GetMe, GrpcWire.Frame(new GetMeRequest()));

        GrpcAssert.TrailersOnlyError(response, 16, "Send an API token as 'authorization: Bearer <token>'.");
        Assert.Equal(ApiErrors.ApiTokenMissing, Reason(response));
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer mdx_forged")]
    [InlineData("no-scheme")]
    public async Task A_bad_token_is_unauthenticated_with_API_TOKEN_INVALID(string header)
    {
        var response = await GrpcWire.PostAsync(_server.Http2, GetMe, GrpcWire.Frame(new GetMeRequest()), headers: [new("authorization", header)]);

        GrpcAssert.TrailersOnlyError(response, 16, "The API token is not valid or was revoked.");
        Assert.Equal(ApiErrors.ApiTokenInvalid, Reason(response));
    }

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Over_grpc_web_a_real_client_gets_the_status_and_its_details(GrpcWebMode mode)
    {
        using var channel = GrpcChannel.ForAddress(_server.Http1.BaseAddress!, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
            HttpVersion = new Version(1, 1),
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        // src/Grpc generates no client; the method alone is enough for a real client call.
        var invoker = channel.CreateCallInvoker();
        Task<GetMeResponse> Call(Metadata headers) =>
            invoker.AsyncUnaryCall(GetMeMethod, null, new CallOptions(headers, DateTime.UtcNow.Add(Timeout)), new GetMeRequest()).ResponseAsync;

        var missing = await Assert.ThrowsAsync<RpcException>(() => Call([]));
        Assert.Equal((StatusCode.Unauthenticated, ApiErrors.ApiTokenMissing), (missing.StatusCode, Reason(missing)));

        var bad = await Assert.ThrowsAsync<RpcException>(() => Call([new("authorization", "Bearer nope")]));
        Assert.Equal((StatusCode.Unauthenticated, ApiErrors.ApiTokenInvalid), (bad.StatusCode, Reason(bad)));

        var me = await Call([new("authorization", "Bearer " + Valid)]);
        Assert.Equal("7", me.UserId);
    }

    [Fact]
    public async Task A_store_that_cannot_answer_is_mapped_like_any_failure_not_told_as_a_bad_token()
    {
        // The test host's rule answers a TimeoutException UNAVAILABLE; the one-token store throws it for "Bearer slow".
        var response = await GrpcWire.PostAsync(_server.Http2, GetMe, GrpcWire.Frame(new GetMeRequest()), headers: [new("authorization", "Bearer slow")]);

        GrpcAssert.TrailersOnlyError(response, 14, "Try again.");
    }

    [Fact]
    public async Task A_plain_http_request_without_a_token_gets_401()
    {
        using var response = await _server.Http1.PostAsync(GetMe, new StringContent("{}")).WaitAsync(Timeout);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Health_reflection_and_other_services_need_no_token()
    {
        var health = await GrpcWire.PostAsync(_server.Http2, "/grpc.health.v1.Health/Check", GrpcWire.Frame(new global::Grpc.Health.V1.HealthCheckRequest()));
        Assert.Equal("0", health.Status);
        await GrpcAssert.StillServesAsync(_server);
    }

    private static string Reason(GrpcResponse response)
    {
        var text = response.Headers["grpc-status-details-bin"];
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=')));
        Assert.Equal(16, status.Code);
        return status.Details.Single(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>().Reason;
    }

    private static string Reason(RpcException e) =>
        e.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>().Reason;

    private sealed class OneTokenStore(string token, long userId) : IAccountStore
    {
        public Task<ApiCaller?> AuthenticateAsync(string plaintextToken, CancellationToken cancellationToken) =>
            plaintextToken == "slow" ? throw new TimeoutException("the database did not answer")
            : Task.FromResult(plaintextToken == token ? new ApiCaller(userId, 1) : null);

        public Task<Account?> GetAccountAsync(long userId, CancellationToken cancellationToken) =>
            Task.FromResult<Account?>(new Account(userId, "Player", null, false, DateTimeOffset.UnixEpoch));

        public Task<Account> CreateLocalUserAsync(string displayName, bool isAdmin, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CreatedApiToken?> CreateApiTokenAsync(long userId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, long? beforeId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoDxNetTokens : IDxNetTokenStore
    {
        public Task<DxNetTokenSave> SetAsync(long userId, CoreRegion region, string token, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CoreDxNetTokenStatus> GetStatusAsync(long userId, CoreRegion region, CancellationToken cancellationToken) => Task.FromResult(CoreDxNetTokenStatus.NotSet);

        public Task<bool> DeleteAsync(long userId, CoreRegion region, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoDeletions : IAccountDeletion
    {
        public Task<bool> DeleteSnapshotAsync(long userId, long snapshotId, AuditActor actor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AccountDeletion> DeleteAccountAsync(long userId, AuditActor actor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Maimai.Core.Accounts.AuditEntry>> ListAuditAsync(long? beforeId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoSharing : Maimai.Core.Sharing.ISharingStore
    {
        public Task<Maimai.Core.Sharing.SharingSettings> GetAsync(long userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Maimai.Core.Sharing.SharingSave> SetAsync(long userId, Maimai.Core.Sharing.SharingSettings settings, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Maimai.Core.Sharing.PublicSharing?> FindPublicAsync(string username, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
