using System.Diagnostics;
using Maimai.Silo.Hosting;
using Maimai.Silo.Time;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Benchmarks.Fetching;

/// <summary>
/// Many simulated players fetching at once through the whole product: a throwaway PostgreSQL 15, the DX NET
/// simulator as its own process, and the real Silo host (Kestrel on free ports, plugins loaded, grains, fetch
/// pipeline) in this process, driven over real gRPC (h2c). See <see cref="FetchLoadRun"/> for the phases.
/// Run: dotnet run -c Release --project bench -- fetch-load [results.md] [--users 500] [--songs 40] [--baseline 20] [--idle-age 300]
/// </summary>
public static class FetchLoadBenchmark
{
    /// <summary>How often Orleans' collector looks for idle activations in the bench's Silo.</summary>
    internal static readonly TimeSpan CollectionQuantum = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = FetchLoadSettings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("Usage: fetch-load [results.md] [--users N] [--songs N] [--baseline N] [--idle-age SECONDS]");
            return 2;
        }

        var machine = MachineState.Now();
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("fetchload");
        await using var simulator = await SimulatorProcess.StartAsync(settings.Songs);
        await using var sampler = new ResourceSampler();
        var clock = new BenchClock();
        var (http, grpc) = (FreePort.Next(), FreePort.Next());
        string[] silo =
        [
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={connectionString}",
            $"--Ports:Http={http}",
            $"--Ports:Grpc={grpc}",
            $"--Cluster:SiloPort={FreePort.Next()}",
            $"--Plugins:Path={Path.Combine(AppContext.BaseDirectory, "plugins")}",
            $"--Plugins:Intl:SiteBaseUrl={simulator.BaseUrl}",
            $"--Plugins:Intl:LoginGatewayUrl={simulator.BaseUrl}",
            "--Plugins:Intl:RequestGap=00:00:00",
            "--Plugins:Intl:Timeout=00:00:30",
            // Orleans' collector runs on real time (only the service clock is the bench's), so the idle age is real
            // too: the default, 5 min, outlasts a 500-user load (100-170 s on a quiet machine) with time to settle after it.
            $"--Cluster:GrainCollection:CollectionAge={settings.IdleAge:c}",
            $"--Cluster:GrainCollection:CollectionQuantum={CollectionQuantum:c}",
            "--ApiRateLimit:Enabled=false", // every bench client calls from 127.0.0.1; the per-IP limit would refuse the load itself
            "--Logging:LogLevel:Default=Warning",
        ];

        FetchLoadResult? result = null;
        Exception? failure = null;
        using var stop = new CancellationTokenSource();
        await SiloHost.RunAsync(silo, stop.Token, async (services, ports, ct) =>
        {
            try
            {
                var run = new FetchLoadRun(settings, services, new Uri($"http://127.0.0.1:{ports.Grpc}"), simulator, sampler);
                result = await run.RunAsync(ct);
            }
#pragma warning disable CA1031 // reported below, after the host stopped
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
            finally
            {
                await stop.CancelAsync();
            }
        }, services => services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, clock));

        if (result is null)
        {
            Console.Error.WriteLine("fetch-load did not finish: " + (failure?.ToString() ?? "the Silo stopped before it was ready"));
            return 1;
        }

        var report = FetchLoadReport.Section(settings, machine, MachineState.Now(), result);
        FetchLoadReport.WriteSection(settings.ResultsPath, report);
        Console.Write(report);
        return result.Completed == settings.Users ? 0 : 1;
    }
}

/// <summary>The command line of the fetch-load verb.</summary>
internal sealed record FetchLoadSettings(string ResultsPath, int Users, int Songs, int Baseline, TimeSpan IdleAge)
{
    public static FetchLoadSettings? Parse(string[] args)
    {
        var settings = new FetchLoadSettings("bench/results/api.md", 500, 40, 20, TimeSpan.FromMinutes(5));
        for (var i = 1; i < args.Length; i++)
        {
            int Number() => i + 1 < args.Length && int.TryParse(args[++i], System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1;
            settings = args[i] switch
            {
                "--users" => settings with { Users = Number() },
                "--songs" => settings with { Songs = Number() },
                "--baseline" => settings with { Baseline = Number() },
                "--idle-age" => settings with { IdleAge = TimeSpan.FromSeconds(Number()) },
                var path when !path.StartsWith("--", StringComparison.Ordinal) => settings with { ResultsPath = path },
                _ => settings with { Users = -1 },
            };
        }

        return settings.Users > 0 && settings.Songs > 0 && settings.Baseline > 0 && settings.IdleAge > FetchLoadBenchmark.CollectionQuantum ? settings : null;
    }
}

/// <summary>What the machine was doing: load averages and the runtime, at the start and end of a run.</summary>
internal sealed record MachineState(string LoadAverage, int Cores, string Runtime, string Os)
{
    public static MachineState Now()
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "Linux"
            : System.Runtime.InteropServices.RuntimeInformation.OSDescription;
        return new MachineState(load, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, os);
    }

    public static long GiB => (long)Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024));

    public static double Seconds(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;
}
