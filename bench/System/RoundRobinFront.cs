using System.Net;
using System.Net.Sockets;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// The cluster's front, as a TCP load balancer would be: it listens on a free loopback port and hands each new
/// connection to the next silo in turn, skipping a silo that refuses the connection (killed, or not started yet).
/// Bytes are copied both ways until either side closes; a stopped (SIGSTOP) silo still accepts, as a real one would.
/// </summary>
internal sealed class RoundRobinFront : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<IReadOnlyList<int>> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _next;
    private long _refused;

    /// <param name="backends">The silos' ports for this protocol, read at each connection (a restarted silo has new ports).</param>
    public RoundRobinFront(Func<IReadOnlyList<int>> backends)
    {
        _backends = backends;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Connections no silo accepted.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            var backend = await ConnectAsync();
            if (backend is null)
            {
                Interlocked.Increment(ref _refused);
                return;
            }

            using (backend)
            {
                backend.NoDelay = true;
                using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = CopyAsync(client.GetStream(), backend.GetStream(), done.Token);
                var down = CopyAsync(backend.GetStream(), client.GetStream(), done.Token);
                await Task.WhenAny(up, down);
                await done.CancelAsync(); // either side closed: close both
            }
        }
    }

    private async Task<TcpClient?> ConnectAsync()
    {
        var ports = _backends();
        for (var tried = 0; tried < ports.Count; tried++)
        {
            var port = ports[(int)((uint)Interlocked.Increment(ref _next) % ports.Count)];
            var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2), _stop.Token);
                return backend;
            }
            catch (Exception e) when (e is SocketException or TimeoutException or OperationCanceledException)
            {
                backend.Dispose();
            }
        }

        return null;
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, 64 * 1024, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // one side went away; the other is closed by the caller
        }
    }
}
