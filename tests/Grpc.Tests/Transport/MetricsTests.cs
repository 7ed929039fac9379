using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>The "Maimai.Grpc" meter counts calls, statuses, durations and messages.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Calls_and_messages_are_counted_by_method_and_status()
    {
        await using var server = await GrpcTestServer.StartAsync();
        var factory = server.App.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Maimai.Grpc" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.Start();

        var body = GrpcWire.Concat(GrpcWire.Frame(new EchoRequest { Message = "a" }), GrpcWire.Frame(new EchoRequest { Message = "b" }));
        await GrpcWire.PostAsync(server.Http2, "/maimai.test.v1.EchoService/Collect", body);
        await GrpcWire.PostAsync(server.Http2, "/maimai.test.v1.EchoService/Fail", GrpcWire.Frame(new Echo.FailRequest { Code = 5 }));

        const string collect = "/maimai.test.v1.EchoService/Collect";
        Assert.Single(measurements, m => m.Instrument == "grpc.server.calls.started" && Equals(m.Tags["grpc.method"], collect));
        Assert.Equal(2, measurements.Where(m => m.Instrument == "grpc.server.messages.received" && Equals(m.Tags["grpc.method"], collect)).Sum(m => m.Value));
        Assert.Single(measurements, m => m.Instrument == "grpc.server.messages.sent" && Equals(m.Tags["grpc.method"], collect));
        Assert.Single(measurements, m => m.Instrument == "grpc.server.calls.finished" && Equals(m.Tags["grpc.status"], "OK") && Equals(m.Tags["grpc.method"], collect));
        Assert.Single(measurements, m => m.Instrument == "grpc.server.calls.finished" && Equals(m.Tags["grpc.status"], "NotFound"));
        Assert.Equal(2, measurements.Count(m => m.Instrument == "grpc.server.call.duration" && m.Value > 0));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
