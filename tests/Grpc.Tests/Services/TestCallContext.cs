using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Grpc.Authentication;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Tests.Services;

/// <summary>
/// A call context for invoking service methods directly, as <paramref name="caller"/> had been authenticated by the
/// API token scheme (its HttpContext is where Grpc.AspNetCore's GetHttpContext looks for one outside a real call).
/// </summary>
public sealed class TestCallContext(ApiCaller caller) : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = new()
    {
        ["__HttpContext"] = new DefaultHttpContext { User = ApiCallerClaims.ToPrincipal(caller, ApiTokenAuthentication.Scheme) },
    };

    protected override string MethodCore => "/test/Method";

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:1";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
