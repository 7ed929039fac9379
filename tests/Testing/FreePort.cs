using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Maimai.Testing;

/// <summary>
/// A free loopback port for a server that is told its port before it binds (Kestrel's ListenLocalhost, Orleans'
/// silo port, PostgreSQL, a child process). Picked below the kernel's ephemeral range: a port from bind(0) lies inside
/// it, and between the pick and the server's bind any outgoing connection on the machine (Npgsql, HttpClient) may take
/// it as its source port, which fails the server with "address already in use".
/// </summary>
public static class FreePort
{
    private const int Lowest = 20000;
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];

    /// <summary>A port no listener or connection holds on 127.0.0.1 or ::1 now, and never given before in this process.</summary>
    public static int Next()
    {
        var highest = EphemeralLow() - 1;
        if (highest - Lowest < 1000)
        {
            return FromKernel();
        }

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, highest + 1);
            lock (Gate)
            {
                if (!Given.Add(port))
                {
                    continue;
                }
            }

            if (Bindable(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || Bindable(IPAddress.IPv6Loopback, port)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {highest} after 1000 tries");
    }

    private static bool Bindable(IPAddress address, int port)
    {
        using var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            // No such loopback here (an IPv4-only container): Kestrel's ListenLocalhost skips it too.
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux's net.ipv4.ip_local_port_range; elsewhere assume the IANA range's start.
    private static int EphemeralLow()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0],
            NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            ? low
            : 49152;
    }

    private static int FromKernel()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
