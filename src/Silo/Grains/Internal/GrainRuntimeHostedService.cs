using Microsoft.Extensions.Hosting;

namespace Maimai.Silo.Grains.Internal;

/// <summary>Runs idle collection while the host runs, and drains the runtime when the host stops.</summary>
internal sealed class GrainRuntimeHostedService(GrainRuntime runtime) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task? collector;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        collector = runtime.RunCollectorAsync(stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new calls before anything here awaits; the drain and the collector's end then overlap.
        var drain = runtime.StopAsync(cancellationToken);
        await stopping.CancelAsync();
        if (collector is not null)
        {
            await collector;
        }

        await drain;
    }

    public void Dispose() => stopping.Dispose();
}
