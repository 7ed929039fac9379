using System.Collections.Concurrent;
using Maimai.Core.Fetching;
using Microsoft.Extensions.Hosting;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Runs accepted fetches detached from the grain turn that accepted them (a fetch takes minutes; the grain must
/// keep answering), and on shutdown cancels them and waits until each has recorded how it ended.
/// </summary>
internal sealed class FetchRunTracker(FetchPipeline pipeline) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();

    /// <summary>Fetches running on this node.</summary>
    public int Count => _running.Count;

    /// <summary>The task of a fetch running on this node, for tests that wait for its end.</summary>
    public Task? Find(long fetchId) => _running.GetValueOrDefault(fetchId);

    public void Start(FetchStatus fetch)
    {
        var task = Task.Run(() => pipeline.RunAsync(fetch, _stopping.Token));
        _running[fetch.Id] = task;
        _ = task.ContinueWith(_ => _running.TryRemove(fetch.Id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();
}
