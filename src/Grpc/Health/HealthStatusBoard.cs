using System.Threading.Channels;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Maimai.Grpc.Health;

/// <summary>
/// The serving status of the server ("") and of each service, as grpc.health.v1 reports it. The server starts as
/// SERVING; everything turns NOT_SERVING when the application stops.
/// </summary>
public sealed class HealthStatusBoard
{
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly Dictionary<string, List<Channel<ServingStatus>>> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Sets the status of <paramref name="service"/> ("" for the whole server) and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_lock)
        {
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets <paramref name="service"/>: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        lock (_lock)
        {
            if (_statuses.Remove(service))
            {
                Notify(service, ServingStatus.ServiceUnknown);
            }
        }
    }

    /// <summary>Sets every known service, and the server, to <paramref name="status"/>.</summary>
    public void SetAll(ServingStatus status)
    {
        lock (_lock)
        {
            foreach (var service in _statuses.Keys.ToList())
            {
                _statuses[service] = status;
                Notify(service, status);
            }
        }
    }

    public bool TryGetStatus(string service, out ServingStatus status)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out status);
        }
    }

    /// <summary>A channel that receives the current status at once and then every change; dispose to stop.</summary>
    internal Subscription Watch(string service)
    {
        // Only the latest status matters to a watcher that falls behind.
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var current) ? current : ServingStatus.ServiceUnknown);
            if (!_watchers.TryGetValue(service, out var list))
            {
                _watchers[service] = list = [];
            }

            list.Add(channel);
        }

        return new Subscription(this, service, channel);
    }

    private void Notify(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var list))
        {
            foreach (var channel in list)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }

    private void Unwatch(string service, Channel<ServingStatus> channel)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(service, out var list) && list.Remove(channel) && list.Count == 0)
            {
                _watchers.Remove(service);
            }
        }
    }

    internal sealed class Subscription(HealthStatusBoard board, string service, Channel<ServingStatus> channel) : IDisposable
    {
        public ChannelReader<ServingStatus> Reader => channel.Reader;

        public void Dispose() => board.Unwatch(service, channel);
    }
}
