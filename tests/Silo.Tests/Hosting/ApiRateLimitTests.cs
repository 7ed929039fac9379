using System.Buffers.Binary;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Tests.Api;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>
/// The per-client-IP API limit on the real host with its defaults (100 calls a minute). Each test calls from its own
/// loopback source address, so each is its own client and they cannot use up each other's permits.
/// </summary>
public sealed class ApiRateLimitTests(DefaultLimitSilo fixture) : IClassFixture<DefaultLimitSilo>
{
    private const string GetMe = "/maimai.v1.AccountService/GetMe";
    private static readonly TimeSpan Timeout = InProcessSilo.Timeout;
    private readonly InProcessSilo _silo = fixture.Silo;

    [Fact]
    public async Task The_101st_call_within_the_minute_is_resource_exhausted_Trailers_Only_with_RetryInfo()
    {
        using var http = _silo.Http2From("127.0.0.11");
        await UseAllPermitsAsync(new ApiClient(http, _silo.ApiToken));

        using var request = GrpcRequest(GetMe, new GetMeRequest(), "application/grpc", _silo.ApiToken);
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var response = await http.SendAsync(request).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        // Trailers-Only: HTTP 200, the status in the one HEADERS frame, no body and no trailers.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(body);
        Assert.Empty(response.TrailingHeaders);
        Assert.Equal("8", Header(response, "grpc-status"));
        Assert.Equal("Too many API calls from this address (limit: 100 calls per 60 s); retry after the delay in RetryInfo.",
            Uri.UnescapeDataString(Header(response, "grpc-message")));
        var details = Google.Rpc.Status.Parser.ParseFrom(Base64(Header(response, "grpc-status-details-bin")));
        AssertRateLimitDetails(details, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Another_address_keeps_its_own_permits_and_X_Forwarded_For_is_not_trusted()
    {
        using var exhausted = _silo.Http2From("127.0.0.12");
        await UseAllPermitsAsync(new ApiClient(exhausted, _silo.ApiToken));

        using var other = _silo.Http2From("127.0.0.13");
        Assert.Equal(0, (await new ApiClient(other, _silo.ApiToken).CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status);

        // Forwarded headers are not configured: a client cannot pick its own partition with X-Forwarded-For.
        exhausted.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(8, (await new ApiClient(exhausted, _silo.ApiToken).CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status);
    }

    [Fact]
    public async Task Health_and_reflection_are_neither_counted_nor_refused()
    {
        using var http = _silo.Http2From("127.0.0.14");
        var client = new ApiClient(http, _silo.ApiToken);
        for (var i = 0; i < 120; i++)
        {
            Assert.Equal(0, (await client.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest())).Status);
        }

        // 120 health checks took none of the 100 permits.
        await UseAllPermitsAsync(client);
        Assert.Equal(8, (await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest())).Status);

        var health = await client.CallAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Response.Status);
        var reflection = await client.CallAsync<ServerReflectionResponse>(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", new ServerReflectionRequest { ListServices = "" });
        Assert.Contains(reflection.Response.ListServicesResponse.Service, s => s.Name == "maimai.v1.AccountService");
    }

    [Theory]
    [InlineData("application/grpc-web+proto", "127.0.0.15")]
    [InlineData("application/grpc-web-text", "127.0.0.16")]
    public async Task Over_grpc_web_the_refusal_is_Trailers_Only_in_its_content_type(string contentType, string source)
    {
        using var http = _silo.Http1From(source);
        for (var i = 0; i < 100; i++)
        {
            using var allowed = GrpcRequest(GetMe, new GetMeRequest(), contentType, _silo.ApiToken);
            using var ok = await http.SendAsync(allowed).WaitAsync(Timeout);
            await ok.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
            Assert.False(ok.Headers.Contains("grpc-status"), $"call {i + 1} was refused: {string.Join(' ', ok.Headers)}");
        }

        using var request = GrpcRequest(GetMe, new GetMeRequest(), contentType);
        using var response = await http.SendAsync(request).WaitAsync(Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 1), response.Version);
        Assert.StartsWith(contentType.Replace("+proto", "", StringComparison.Ordinal), response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Empty(body);
        Assert.Equal("8", Header(response, "grpc-status"));
        Assert.StartsWith("Too many API calls", Uri.UnescapeDataString(Header(response, "grpc-message")), StringComparison.Ordinal);
        AssertRateLimitDetails(Google.Rpc.Status.Parser.ParseFrom(Base64(Header(response, "grpc-status-details-bin"))), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_plain_http_request_over_the_limit_gets_429_with_Retry_After()
    {
        using var http = _silo.Http1From("127.0.0.17");
        for (var i = 0; i < 100; i++)
        {
            // Not a gRPC call and no token: authentication answers a plain 401, but the call still counts against the limit.
            using var ok = await http.PostAsync(GetMe, new StringContent("{}", Encoding.UTF8, "application/json")).WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.Unauthorized, ok.StatusCode);
        }

        using var response = await http.PostAsync(GetMe, new StringContent("{}", Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.StartsWith("Too many API calls from this address", text, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    internal static async Task UseAllPermitsAsync(ApiClient client, int permits = 100)
    {
        for (var i = 0; i < permits; i++)
        {
            var result = await client.CallAsync<GetMeResponse>(GetMe, new GetMeRequest());
            Assert.True(result.Status == 0, $"call {i + 1} of {permits} failed with {result.Status}: {result.Message}");
        }
    }

    internal static void AssertRateLimitDetails(Google.Rpc.Status details, TimeSpan window)
    {
        Assert.Equal(8, details.Code);
        var info = Assert.Single(details.Details, d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal("API_RATE_LIMITED", info.Reason);
        Assert.Equal("maimai.v1", info.Domain);
        var retry = Assert.Single(details.Details, d => d.Is(Google.Rpc.RetryInfo.Descriptor)).Unpack<Google.Rpc.RetryInfo>();
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromTicks(1), window);
    }

    internal static HttpRequestMessage GrpcRequest(string path, IMessage message, string contentType, string? token = null)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        var text = contentType.StartsWith("application/grpc-web-text", StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = text ? new StringContent(Convert.ToBase64String(frame)) : new ByteArrayContent(frame),
        };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + token);
        }

        return request;
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header");

    internal static byte[] Base64(string text) =>
        Convert.FromBase64String(text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4)));
}

/// <summary>One Silo with the default limit for <see cref="ApiRateLimitTests"/>.</summary>
public sealed class DefaultLimitSilo : IAsyncLifetime
{
    internal InProcessSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await InProcessSilo.StartAsync();

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
