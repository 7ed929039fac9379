using System.Net.Sockets;
using Maimai.Silo.Hosting;
using Maimai.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Browser.Tests.Hosting;

/// <summary>
/// The real composition root (<see cref="SiloHost.RunAsync"/>) in this process on free loopback ports, with the
/// settings given; ready once it listens, stopped at dispose.
/// </summary>
internal sealed class SiloInProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();
    private Task<int> _run = Task.FromResult(0);

    private SiloInProcess()
    {
    }

    public int HttpPort { get; } = FreePort.Next();

    /// <summary>What the Silo logged at Error and above.</summary>
    public ServerErrors Errors { get; } = new();

    /// <summary>The site's address, as a browser opens it.</summary>
    public string Origin => $"http://127.0.0.1:{HttpPort}";

    /// <summary>Starts the Silo; <paramref name="services"/> registers before the host's own (a service clock, say).</summary>
    public static async Task<SiloInProcess> StartAsync(IEnumerable<string> settings, Action<IServiceCollection>? services = null)
    {
        // A port is only free when it was looked up: a test project running beside this one can take it before Kestrel
        // binds. A bind failure starts again on fresh ports, a few times.
        string[] given = [.. settings];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(given, services);
            }
            catch (IOException e) when (attempt < 3 && IsAddressInUse(e))
            {
            }
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<SiloInProcess> StartOnceAsync(string[] settings, Action<IServiceCollection>? services)
    {
        var silo = new SiloInProcess();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] args =
        [
            $"--Ports:Http={silo.HttpPort}", $"--Ports:Grpc={FreePort.Next()}", $"--Cluster:SiloPort={FreePort.Next()}",
            $"--Plugins:Path={Path.Combine(AppContext.BaseDirectory, "plugins")}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        silo._run = SiloHost.RunAsync(args, silo._stop.Token, (_, _, _) =>
        {
            ready.TrySetResult();
            return Task.CompletedTask;
        }, registrations =>
        {
            services?.Invoke(registrations);
            registrations.AddSingleton<ILoggerProvider>(silo.Errors);
        });

        var first = await Task.WhenAny(ready.Task, silo._run).WaitAsync(Timeout);
        if (first != ready.Task)
        {
            await silo.DisposeAsync();
            throw new InvalidOperationException($"the Silo stopped before it was ready (exit code {await silo._run})");
        }

        return silo;
    }

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
    }
}
