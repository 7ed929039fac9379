using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Shutdown for calls: once the application starts stopping, new calls get UNAVAILABLE; calls in flight may finish
/// until <see cref="GrpcServerOptions.ShutdownDrainTimeout"/>, then their tokens are cancelled. Kestrel itself waits
/// for the requests to end (bounded by the host's shutdown timeout).
/// </summary>
internal sealed class CallTracker : IDisposable
{
    private readonly CancellationTokenSource _drainExpired = new();
    private readonly TimeSpan _drainTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private int _active;
    private volatile bool _stopping;

    public CallTracker(IHostApplicationLifetime lifetime, IOptions<GrpcServerOptions> options, ILoggerFactory loggerFactory)
    {
        _drainTimeout = options.Value.ShutdownDrainTimeout;
        _logger = loggerFactory.CreateLogger(GrpcTransportLog.Category);
        _stoppingRegistration = lifetime.ApplicationStopping.Register(static s => ((CallTracker)s!).BeginStopping(), this);
    }

    public bool IsStopping => _stopping;

    /// <summary>Cancelled when the drain timeout passes after shutdown began.</summary>
    public CancellationToken DrainExpired => _drainExpired.Token;

    public int ActiveCalls => Volatile.Read(ref _active);

    public void Enter() => Interlocked.Increment(ref _active);

    public void Exit() => Interlocked.Decrement(ref _active);

    public void Dispose()
    {
        _stoppingRegistration.Dispose();
        _drainExpired.Dispose();
    }

    private void BeginStopping()
    {
        _stopping = true;
        var active = ActiveCalls;
        if (active > 0)
        {
            GrpcLog.Draining(_logger, active);
        }

        try
        {
            _drainExpired.CancelAfter(_drainTimeout);
        }
        catch (ObjectDisposedException)
        {
            // Already disposed with the host.
        }
    }
}
