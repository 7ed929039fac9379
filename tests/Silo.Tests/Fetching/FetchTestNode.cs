using System.Collections.Concurrent;
using Maimai.Core.Accounts;
using Maimai.Core.Fetching;
using Maimai.Silo.Fetching;
using Maimai.Silo.Cluster;
using Maimai.Silo.Plugins;
using Maimai.Silo.Storage;
using Maimai.Silo.Time;
using Maimai.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// One "node": an Orleans silo with the fetching services (storage, cluster, plugins, fetching) in a generic host,
/// on its own free silo port and the world's database, simulator, key ring and service clock (Orleans keeps the
/// real one). Two of these on one PostgreSQL database are two silos of one cluster (ADO.NET clustering).
/// </summary>
internal sealed class FetchTestNode : IAsyncDisposable
{
    private readonly IHost _host;
    private int _disposed;

    private FetchTestNode(IHost host, string nodeId, LogSink logs)
    {
        _host = host;
        NodeId = nodeId;
        Logs = logs;
    }

    public string NodeId { get; }

    public LogSink Logs { get; }

    public IServiceProvider Services => _host.Services;

    public IFetchCoordinator Coordinator => Services.GetRequiredService<IFetchCoordinator>();

    public IDxNetTokenStore Tokens => Services.GetRequiredService<IDxNetTokenStore>();

    internal LostFetchSweeper Sweeper => Services.GetRequiredService<LostFetchSweeper>();

    /// <summary>This silo's address as fetch_sessions.node_id holds it.</summary>
    public string SiloId => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    public static async Task<FetchTestNode> StartAsync(FetchWorld world, string nodeId, Action<IServiceCollection>? services, IDictionary<string, string?>? settings)
    {
        var name = world.Simulator.Region.ToString();
        var config = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = world.Database.Dialect.Provider.ToString(),
            ["Storage:ConnectionString"] = world.Database.ConnectionString,
            ["Plugins:Path"] = Path.Combine(AppContext.BaseDirectory, "plugins"),
            [$"Plugins:{name}:SiteBaseUrl"] = world.Simulator.BaseUrl.ToString(),
            [$"Plugins:{name}:LoginGatewayUrl"] = world.Simulator.GatewayUrl.ToString(),
            [$"Plugins:{name}:RequestGap"] = "00:00:00",
            [$"Plugins:{name}:Timeout"] = "00:00:20",
            ["Cluster:ClusterId"] = world.ClusterId,
            ["Cluster:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fetching:LeaseDuration"] = "00:00:30",
            ["Fetching:HeartbeatInterval"] = "00:00:05",
            ["Fetching:SweepInterval"] = "00:00:10",
            ["Fetching:WatchPollInterval"] = "00:10:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(config);
        var logs = new LogSink(nodeId);
        builder.Services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Debug).AddFilter("Orleans", LogLevel.Warning));
        builder.Services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, world.Clock);
        builder.Services.AddStorage(builder.Configuration);
        builder.AddCluster();
        builder.Services.AddScraperPlugins(builder.Configuration);
        builder.Services.AddFetching(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        Assert.True(host.Services.GetRequiredService<IScraperRegistry>().IsAvailable(world.Simulator.Region), "the region's plugin did not load");
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await host.Services.GetRequiredService<LostFetchSweeper>().FirstSweep.WaitAsync(TimeSpan.FromSeconds(30));
        return new FetchTestNode(host, nodeId, logs);
    }

    /// <summary>Follows the fetch from this node until it ends; every status seen, in order.</summary>
    public async Task<IReadOnlyList<FetchStatus>> WatchToEndAsync(long userId, long fetchId, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var stream = await Coordinator.WatchFetchAsync(userId, fetchId, cancel.Token).WaitAsync(cancel.Token);
        Assert.NotNull(stream);
        var seen = new List<FetchStatus>();
        await foreach (var status in stream.WithCancellation(cancel.Token))
        {
            seen.Add(status);
        }

        Assert.True(seen[^1].IsTerminal, $"the watch ended at {seen[^1].State}");
        return seen;
    }

    /// <summary>Starts a fetch, asserts it was accepted, and waits for its end.</summary>
    public async Task<FetchStatus> FetchToEndAsync(long userId, Core.Game.Region region)
    {
        var outcome = await Coordinator.StartFetchAsync(userId, region, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var started = Assert.IsType<StartFetchOutcome.Started>(outcome);
        return (await WatchToEndAsync(userId, started.Fetch.Id))[^1];
    }

    /// <summary>Stops the node (running fetches are cancelled and failed); safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}

/// <summary>Keeps the node's log lines, so a failing test can show them and tests can assert on errors.</summary>
internal sealed class LogSink(string nodeId) : ILoggerProvider
{
    public string NodeId { get; } = nodeId;

    public ConcurrentQueue<string> Lines { get; } = new();

    public IEnumerable<string> Errors => Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join(Environment.NewLine, Lines);

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Lines.Enqueue($"{logLevel} [{sink.NodeId}] {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
    }
}
