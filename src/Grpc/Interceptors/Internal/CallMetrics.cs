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

    // The status codes boxed once: a tag's value is an object, and boxing an int on every call allocates.
    private static readonly object[] StatusCodes = [.. Enumerable.Range(0, 17).Select(code => (object)code)];

    public void Ended(string method, StatusCode status, TimeSpan took)
    {
        if (!_duration.Enabled)
        {
            return; // nobody listens (no exporter configured)
        }

        var code = (int)status;
        _duration.Record(
            took.TotalSeconds,
            new KeyValuePair<string, object?>("rpc.system", "grpc"),
            new KeyValuePair<string, object?>("rpc.method", method),
            new KeyValuePair<string, object?>("rpc.grpc.status_code", code is >= 0 and < 17 ? StatusCodes[code] : code));
    }
}
