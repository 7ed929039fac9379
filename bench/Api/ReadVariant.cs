using System.Globalization;

namespace Maimai.Benchmarks.Api;

/// <summary>One thing to measure: its name and one operation for a given client slot.</summary>
public sealed class ReadVariant : IDisposable
{
    private readonly SnapshotReadClient[] _clients;

    private ReadVariant(string name, Func<int, CancellationToken, Task> operation, SnapshotReadClient[] clients, IReadOnlySet<int> concurrency)
    {
        Name = name;
        Operation = operation;
        _clients = clients;
        Concurrency = concurrency;
    }

    public const string FloorName = "floor: bare SQL, snapshot + each page's rows from an index in listing order (Npgsql)";

    public const string WholeSetName = "bare SQL, snapshot + whole score set (the floor before)";

    public string Name { get; }

    public Func<int, CancellationToken, Task> Operation { get; }

    /// <summary>The client counts this variant is measured at.</summary>
    public IReadOnlySet<int> Concurrency { get; }

    /// <summary>The snapshot row and each page's rows read bare from the floor's listing index over Npgsql, from the bench process's own connection pool.</summary>
    public static ReadVariant Floor(ReadWorld world, IReadOnlySet<int> concurrency)
    {
        ArgumentNullException.ThrowIfNull(world);
        return new ReadVariant(FloorName, async (_, ct) => Expect(world, await SnapshotFloor.ReadPagesAsync(world.ConnectionString, world, SnapshotReadClient.MaxPageSize, ct)), [], concurrency);
    }

    /// <summary>The snapshot row and its whole score set over Npgsql (one reconstruction query), for comparison.</summary>
    public static ReadVariant WholeSet(ReadWorld world, IReadOnlySet<int> concurrency)
    {
        ArgumentNullException.ThrowIfNull(world);
        return new ReadVariant(WholeSetName, async (_, ct) => Expect(world, await SnapshotFloor.ReadAsync(world.ConnectionString, world, ct)), [], concurrency);
    }

    /// <summary>GetSnapshot and every ListScores page through one node; client slot i always uses connection i.</summary>
    public static ReadVariant Api(string name, SiloNode node, ReadWorld world, IReadOnlySet<int> concurrency)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(concurrency);
        var pool = Enumerable.Range(0, concurrency.Max()).Select(_ => new SnapshotReadClient(node.Grpc, world.Token)).ToArray();
        var id = world.SnapshotId.ToString(CultureInfo.InvariantCulture);
        return new ReadVariant(name, async (client, ct) => Expect(world, await pool[client].ReadAllAsync(id, ct)), pool, concurrency);
    }

    /// <summary>One operation, so a wrong setup fails before anything is timed.</summary>
    public Task CheckAsync(CancellationToken cancellationToken) => Operation(0, cancellationToken);

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static void Expect(ReadWorld world, int seen)
    {
        if (seen != world.ScoreCount)
        {
            throw new InvalidOperationException($"Read {seen} scores, expected {world.ScoreCount}.");
        }
    }
}
