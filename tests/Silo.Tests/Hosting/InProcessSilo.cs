using System.Net;
using System.Net.Sockets;
using Maimai.Core.Accounts;
using Maimai.Silo.Hosting;
using Maimai.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Hosting;

/// <summary>
/// The real composition root (<see cref="SiloHost.RunAsync"/>) in this process on free loopback ports, over a fresh
/// SQLite file, with one user and API token made once it listens. Clients can bind a chosen loopback source
/// address (127.0.0.x), so each test is its own client IP.
/// </summary>
internal sealed class InProcessSilo : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();
    private readonly DirectoryInfo _folder;
    private readonly bool _ownsFolder;
    private Task<int> _run = Task.FromResult(0);

    private InProcessSilo(DirectoryInfo? folder)
    {
        _ownsFolder = folder is null;
        _folder = folder ?? Directory.CreateTempSubdirectory("maimai-silo-");
    }

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    public string ApiToken { get; private set; } = "";

    /// <summary>The running host's services (its endpoints, repositories), once it listens.</summary>
    public IServiceProvider Services { get; private set; } = null!;

    public static Task<InProcessSilo> StartAsync(params string[] settings) => StartAsync(null, null, settings);

    /// <summary>Starts with <paramref name="services"/> registered before the host's own (a log sink, say).</summary>
    public static Task<InProcessSilo> StartWithServicesAsync(Action<IServiceCollection> services, params string[] settings) => StartAsync(null, services, settings);

    /// <summary>
    /// Starts on <paramref name="folder"/>'s SQLite file and key ring (left in place at dispose), so a second silo
    /// can start where a stopped one left off; null: a fresh folder of its own.
    /// </summary>
    public static Task<InProcessSilo> StartAsync(DirectoryInfo? folder, params string[] settings) => StartAsync(folder, null, settings);

    private static async Task<InProcessSilo> StartAsync(DirectoryInfo? folder, Action<IServiceCollection>? services, string[] settings)
    {
        var silo = new InProcessSilo(folder) { HttpPort = FreePort.Next(), GrpcPort = FreePort.Next() };
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] args =
        [
            $"--Ports:Http={silo.HttpPort}", $"--Ports:Grpc={silo.GrpcPort}", $"--Cluster:SiloPort={FreePort.Next()}",
            "--Storage:Provider=Sqlite", $"--Storage:ConnectionString=Data Source={Path.Combine(silo._folder.FullName, "silo.db")}",
            $"--Plugins:Path={Path.Combine(AppContext.BaseDirectory, "plugins")}",
            "--Logging:LogLevel:Default=Warning",
            // The simulator has no maintenance, and these tests run on the real clock at any hour.
            "--Plugins:Intl:ObserveMaintenanceWindow=false", "--Plugins:Jp:ObserveMaintenanceWindow=false",
            .. settings,
        ];
        silo._run = SiloHost.RunAsync(args, silo._stop.Token, async (provider, _, ct) =>
        {
            silo.Services = provider;
            var accounts = provider.GetRequiredService<IAccountStore>();
            var user = await accounts.CreateLocalUserAsync("limited", isAdmin: false, ct);
            var token = await accounts.CreateApiTokenAsync(user.Id, "test", ct);
            ready.SetResult(token!.Plaintext);
        }, services);

        var first = await Task.WhenAny(ready.Task, silo._run).WaitAsync(Timeout);
        if (first != ready.Task)
        {
            await silo.DisposeAsync();
            throw new InvalidOperationException($"the Silo stopped before it was ready (exit code {await silo._run})");
        }

        silo.ApiToken = await ready.Task;
        return silo;
    }

    /// <summary>A client of the h2c port (native gRPC) whose connections come from <paramref name="source"/>.</summary>
    public HttpClient Http2From(string source) => ClientFrom(source, GrpcPort, HttpVersion.Version20);

    /// <summary>A client of the HTTP/1.1 port (gRPC-Web, plain HTTP) whose connections come from <paramref name="source"/>.</summary>
    public HttpClient Http1From(string source) => ClientFrom(source, HttpPort, HttpVersion.Version11);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(Timeout);
        }
        catch (OperationCanceledException)
        {
            // stopped as asked
        }

        _stop.Dispose();
        if (_ownsFolder)
        {
            _folder.Delete(recursive: true);
        }
    }

    private static HttpClient ClientFrom(string source, int port, Version version)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    // Linux routes all of 127.0.0.0/8 to loopback: binding the source address gives the server another client IP.
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout,
        };
    }
}
