using System.Globalization;
using Maimai.Silo.Hosting;
using Maimai.Testing;

namespace Maimai.Benchmarks.Api;

/// <summary>
/// The real Silo in this process: <see cref="SiloHost.RunAsync"/> with its whole composition (storage, the Orleans
/// silo, plugins, the API on Grpc.AspNetCore, health, reflection, fetching) on real Kestrel, its h2c port on a free
/// loopback port. Nodes on one database join one Orleans cluster (ADO.NET clustering), each on its own silo port.
/// Extra settings are command-line style ("--SnapshotCache:MaxScores=0").
/// </summary>
public sealed class SiloNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    private SiloNode(CancellationTokenSource stop, Task<int> run, Uri grpc, Uri http, IServiceProvider services)
    {
        _stop = stop;
        _run = run;
        Grpc = grpc;
        Http = http;
        Services = services;
    }

    /// <summary>The h2c (native gRPC) address.</summary>
    public Uri Grpc { get; }

    /// <summary>The HTTP/1.1 address: the site and gRPC-Web.</summary>
    public Uri Http { get; }

    /// <summary>The running host's services (the same singletons the API calls).</summary>
    public IServiceProvider Services { get; }

    public static async Task<SiloNode> StartAsync(string connectionString, params string[] settings)
    {
        var http = FreePort.Next();
        var grpc = FreePort.Next();
        string[] args =
        [
            "--Storage:Provider=Postgres",
            "--Storage:ConnectionString=" + connectionString,
            "--Ports:Http=" + http.ToString(CultureInfo.InvariantCulture),
            "--Ports:Grpc=" + grpc.ToString(CultureInfo.InvariantCulture),
            "--Cluster:SiloPort=" + FreePort.Next().ToString(CultureInfo.InvariantCulture),
            // What a production host logs: warnings and errors only, so console logging costs nothing per call.
            "--ApiRateLimit:Enabled=false", // every bench client calls from 127.0.0.1; the per-IP limit would refuse the load itself
            "--Logging:LogLevel:Default=Warning",
            // The bench fetches nothing, so it needs no scraper plugin and no key encryption: quiet those start-up notes.
            "--Logging:LogLevel:Maimai.Silo.Plugins=None",
            "--Logging:LogLevel:Microsoft.AspNetCore.DataProtection=Error",
            .. settings,
        ];
        var stop = new CancellationTokenSource();
        var listening = new TaskCompletionSource<IServiceProvider>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() => SiloHost.RunAsync(args, stop.Token, (services, _, _) =>
        {
            listening.TrySetResult(services);
            return Task.CompletedTask;
        }));
        var first = await Task.WhenAny(listening.Task, run).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == run)
        {
            stop.Dispose();
            throw new InvalidOperationException($"The Silo stopped during start-up (exit code {await run}).");
        }

        return new SiloNode(stop, run, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpc}")),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{http}")), await listening.Task);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // WaitForShutdownAsync ends by cancellation: the normal way out.
        }

        _stop.Dispose();
    }
}
