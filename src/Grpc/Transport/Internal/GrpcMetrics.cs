using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>The "Maimai.Grpc" meter: calls started and finished, call duration, and messages sent and received.</summary>
internal sealed class GrpcMetrics
{
    public const string MeterName = "Maimai.Grpc";

    private static readonly string[] StatusNames = Enum.GetNames<StatusCode>();

    private readonly Counter<long> _callsStarted;
    private readonly Counter<long> _callsFinished;
    private readonly Histogram<double> _callDuration;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesReceived;

    public GrpcMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _callsStarted = meter.CreateCounter<long>("grpc.server.calls.started", "{call}", "Calls the server started.");
        _callsFinished = meter.CreateCounter<long>("grpc.server.calls.finished", "{call}", "Calls finished, by method and status.");
        _callDuration = meter.CreateHistogram<double>("grpc.server.call.duration", "s", "How long calls took, by method and status.");
        _messagesSent = meter.CreateCounter<long>("grpc.server.messages.sent", "{message}", "Response messages written.");
        _messagesReceived = meter.CreateCounter<long>("grpc.server.messages.received", "{message}", "Request messages read.");
    }

    public void CallStarted(string method)
    {
        if (_callsStarted.Enabled)
        {
            _callsStarted.Add(1, new KeyValuePair<string, object?>("grpc.method", method));
        }
    }

    public void CallFinished(string method, StatusCode status, long startTimestamp)
    {
        if (!_callsFinished.Enabled && !_callDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "grpc.method", method },
            { "grpc.status", (int)status < StatusNames.Length ? StatusNames[(int)status] : status.ToString() },
        };
        _callsFinished.Add(1, tags);
        _callDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    public void MessageSent(string method)
    {
        if (_messagesSent.Enabled)
        {
            _messagesSent.Add(1, new KeyValuePair<string, object?>("grpc.method", method));
        }
    }

    public void MessageReceived(string method)
    {
        if (_messagesReceived.Enabled)
        {
            _messagesReceived.Add(1, new KeyValuePair<string, object?>("grpc.method", method));
        }
    }
}
