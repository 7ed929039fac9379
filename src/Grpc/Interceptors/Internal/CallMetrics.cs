using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Maimai.Grpc.Interceptors.Internal;

/// <summary>
/// The API's call meter ("Maimai.Grpc"): each call's duration by method and status, as OpenTelemetry's RPC
/// conventions name it. Grpc.AspNetCore publishes only EventCounters, which exporters do not read.
/// </summary>
internal sealed class CallMetrics
{
    private readonly Histogram<double> _duration;

    public CallMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _duration = meters.Create(ApiInterceptors.MeterName).CreateHistogram<double>(
            "rpc.server.call.duration", "s", "Duration of maimai.v1 calls (streams: until the stream ends).");
    }

    public void Ended(string method, StatusCode status, TimeSpan took) => _duration.Record(
        took.TotalSeconds,
        new KeyValuePair<string, object?>("rpc.system", "grpc"),
        new KeyValuePair<string, object?>("rpc.method", method),
        new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)status));
}
