using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.DxNetSimulator;
using Maimai.Silo.Demo;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Storage.Users;
using Maimai.Testing;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>
/// Everything a fetch test needs around the nodes: a fresh migrated PostgreSQL database, a simulated DX NET
/// (international, strict sessions, so the stored cookie rotation must work), a user whose token is saved, a
/// songs database imported from the simulator's catalog with every tenth song left out (those become
/// discovered charts), one key ring folder and one fake clock shared by all nodes.
/// </summary>
internal sealed class FetchWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 3, 0, 0, TimeSpan.Zero); // 12:00 JST
    private readonly List<FetchTestNode> _nodes = [];

    private FetchWorld(Database database, RunningSimulator simulator)
    {
        Database = database;
        Simulator = simulator;
    }

    public Database Database { get; }

    public RunningSimulator Simulator { get; }

    public ManualTimeProvider Clock { get; } = new(Start);

    /// <summary>The Orleans cluster of this world's nodes (each world has its own database, so its own membership).</summary>
    public string ClusterId { get; } = "fetch-" + Guid.NewGuid().ToString("N")[..8];

    public long UserId { get; private set; }

    public int SongsLeftOut { get; private set; }

    public Region Region => Simulator.Region;

    public static async Task<FetchWorld> CreateAsync(string connectionString, Action<DxNetSimulatorOptions>? simulator = null)
    {
        var database = new Database(PostgresDialect.Instance, connectionString);
        await new MigrationRunner(database).ApplyAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var options = new DxNetSimulatorOptions { Region = Region.Intl, SongCount = 150, UtageCount = 3, StrictSessions = true };
        simulator?.Invoke(options);
        var sim = await DxNetSimulatorHost.StartAsync(options).WaitAsync(TimeSpan.FromSeconds(30));
        var world = new FetchWorld(database, sim);
        var user = await new UserRepository(database).UpsertByDiscordIdAsync("42", "player", Start).WaitAsync(TimeSpan.FromSeconds(30));
        world.UserId = user.Id;
        world.SongsLeftOut = await world.ImportSongsAsync();
        return world;
    }

    public static async Task<FetchWorld> CreateAsync(PostgresFixture postgres, Action<DxNetSimulatorOptions>? simulator = null) =>
        await CreateAsync(await postgres.CreateDatabaseAsync("fetch").WaitAsync(TimeSpan.FromSeconds(60)), simulator);

    /// <summary>
    /// Starts a node; the first one also saves the user's token (through the node's own token store, which checks it
    /// with the simulator: that request is then forgotten, so tests count only their fetches' requests).
    /// </summary>
    public async Task<FetchTestNode> StartNodeAsync(string nodeId = "node-a", Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var node = await FetchTestNode.StartAsync(this, nodeId, services, settings);
        _nodes.Add(node);
        if (_nodes.Count == 1)
        {
            var saved = await node.Tokens.SetAsync(UserId, Region, "userId=" + Simulator.Sessions.Current, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(saved.IsSaved, saved.Message);
            Simulator.Requests.Reset();
        }

        return node;
    }

    /// <summary>Every row of the tables a fetch writes (but fetch_sessions and user_tokens), as JSON text, in key order.</summary>
    public async Task<IReadOnlyList<string>> DumpAsync()
    {
        await using var connection = await Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var rows = new List<string>();
        foreach (var table in new[] { "user_snapshots", "user_scores", "detailed_scores", "songs", "charts" })
        {
            rows.AddRange(await connection.QueryAsync<string>($"SELECT '{table} ' || row_to_json(t)::text FROM {table} t ORDER BY id"));
        }

        return rows;
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return await connection.ExecuteScalarAsync<long>(sql, new { UserId });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Simulator.DisposeAsync();
    }

    /// <summary>Imports the songs left out at creation, as `songs import` would from its own process.</summary>
    public Task<SongImportResult> ImportLeftOutSongsAsync() =>
        new SongRepository(Database).ImportAsync(new SongCatalog(SimulatorSongs(leftOut: true)), Region.Jp).WaitAsync(TimeSpan.FromSeconds(60));

    private async Task<int> ImportSongsAsync()
    {
        var songs = SimulatorSongs(leftOut: false);
        await new SongRepository(Database).ImportAsync(new SongCatalog(songs), Region.Jp).WaitAsync(TimeSpan.FromSeconds(60));
        return SimulatorSongs(leftOut: true).Count;
    }

    // The simulator's songs as the demo imports them; every tenth is "left out" (the first import skips it).
    private List<Song> SimulatorSongs(bool leftOut) =>
        [.. SimulatorSongCatalog.SongsOf(Simulator.Snapshot(), CurrentVersions.Default).Where((_, i) => (i % 10 == 9) == leftOut)];
}
