using Google.Protobuf.Reflection;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The immutable per-method state resolved at start-up: names, options and the shared server services.</summary>
internal sealed class ServerMethod(
    MethodDescriptor descriptor,
    MethodOptions options,
    ILogger logger,
    GrpcMetrics metrics,
    CallTracker tracker,
    GrpcWebCors cors)
{
    /// <summary>"/package.Service/Method": the HTTP path and the name in logs and metrics.</summary>
    public string FullName { get; } = "/" + descriptor.Service.FullName + "/" + descriptor.Name;

    public MethodDescriptor Descriptor { get; } = descriptor;

    public MethodOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public GrpcMetrics Metrics { get; } = metrics;

    public CallTracker Tracker { get; } = tracker;

    public GrpcWebCors Cors { get; } = cors;
}
