using System.Data.Common;
using System.Threading.Channels;
using Maimai.Silo.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Maimai.Silo.Fetching;

/// <summary>
/// Brings fetch changes made on other nodes to this node's watchers: LISTEN on the fetch channel, and for each
/// notification about a watched fetch, re-read its row and publish it to the hub. Reconnects after a database
/// restart and then re-reads every watched fetch, since notifications sent meanwhile are lost. Does nothing on
/// SQLite (one node).
/// </summary>
public sealed class PostgresFetchListener(FetchStore store, FetchProgressHub hub, ILogger<PostgresFetchListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<long> _changed = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the first LISTEN is in place (at once on SQLite).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.Channel is not { } channel)
        {
            _listening.TrySetResult();
            return;
        }

        var publisher = PublishAsync(stoppingToken);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await store.Database.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (FetchStore.TryParsePayload(e.Payload, out var fetchId) && hub.IsWatched(fetchId))
                    {
                        _changed.Writer.TryWrite(fetchId);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                FetchLog.Listening(logger, channel);
                _listening.TrySetResult();
                delay = TimeSpan.FromMilliseconds(200);
                foreach (var watched in hub.WatchedFetchIds)
                {
                    _changed.Writer.TryWrite(watched);
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                FetchLog.ListenerDisconnected(logger, e.Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }

        _changed.Writer.TryComplete();
        await publisher;
    }

    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var fetchId in _changed.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (await store.GetAsync(fetchId, stoppingToken) is { } status)
                    {
                        hub.Publish(status);
                    }
                }
                catch (DbException e)
                {
                    // Watchers re-read on their own every WatchPollInterval; one lost re-read must not stop this loop.
                    FetchLog.ListenerDisconnected(logger, e.Message, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
