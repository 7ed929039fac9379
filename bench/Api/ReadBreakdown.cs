using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Maimai.Core.Accounts;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Benchmarks.Api;

/// <summary>Median milliseconds per operation of each part, one client, and the bytes one operation moves.</summary>
public sealed record ReadParts(double Floor, double Api, double Auth, double Queries, double ClientParse, long ResponseBytes, int Samples)
{
    /// <summary>The whole operation on the cache-off node (every page a range of the listing index), and its service layer alone.</summary>
    public double ColdApi { get; init; }

    public double ColdQueries { get; init; }

    /// <summary>The bare snapshot row and whole score set (what the cold path read for every page before).</summary>
    public double WholeSet { get; init; }

    /// <summary>One middle page (after 2,500 scores) at each measured page size.</summary>
    public IReadOnlyList<OnePage> Pages { get; init; } = [];

    /// <summary>What is left of the API operation: proto mapping, protobuf encoding, HTTP/2 framing and Kestrel.</summary>
    public double Remainder => Api - Auth - Queries - ClientParse;
}

/// <summary>
/// One page alone, median ms: its rows bare from the floor's index, the product's page SELECT bare, and ListScores
/// for it over h2c with its page token, cold (cache off) and warm.
/// </summary>
public sealed record OnePage(int Size, double Floor, double ProductSelect, double Cold, double Warm);

/// <summary>
/// Where one API operation's time goes, measured piece by piece with one client (no contention), against the
/// cache-on node: the whole gRPC operation; the 12 API-token checks it makes (IAccountStore.AuthenticateAsync, as
/// ApiTokenAuthenticationHandler calls it per call: the node's token cache); the service layer alone (ISnapshotQueries: GetSnapshot and the 11 pages,
/// as SnapshotService calls it); and the client's protobuf parsing of the 11 pages. The parts are taken in turn in
/// every iteration, so drift in the machine's load spreads over all of them.
/// </summary>
public static class ReadBreakdown
{
    /// <summary>The page sizes one page alone is measured at: a screenful and the contract's maximum.</summary>
    public static readonly int[] PageSizes = [50, SnapshotReadClient.MaxPageSize];

    /// <summary>Where the page measured alone starts: after this many scores (the middle of the set).</summary>
    public const int MiddleSkip = 2_500;

    public static async Task<ReadParts> MeasureAsync(SiloNode node, SiloNode coldNode, ReadWorld world, int iterations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(coldNode);
        ArgumentNullException.ThrowIfNull(world);
        using var client = new SnapshotReadClient(node.Grpc, world.Token);
        using var coldClient = new SnapshotReadClient(coldNode.Grpc, world.Token);
        var accounts = node.Services.GetRequiredService<IAccountStore>();
        var queries = node.Services.GetRequiredService<ISnapshotQueries>();
        var coldQueries = coldNode.Services.GetRequiredService<ISnapshotQueries>();
        var id = world.SnapshotId.ToString(CultureInfo.InvariantCulture);
        var pages = new List<ListScoresResponse>();
        await client.ReadAllAsync(id, cancellationToken, pages);
        var encoded = pages.Select(p => p.ToByteArray()).ToList();
        var calls = 1 + pages.Count;

        // A middle page (after 2,500 scores) at each size: its token from each node, its cursor for the bare SELECTs.
        await using var connection = new Npgsql.NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var seq = await SnapshotFloor.ReadSnapshotAsync(connection, world, cancellationToken);
        var cursor = (await SnapshotFloor.ReadPageAsync(connection, null, MiddleSkip, cancellationToken)).Next;
        var middles = new List<(int Size, string WarmToken, string ColdToken, List<double> Floor, List<double> Product, List<double> Cold, List<double> Warm)>();
        foreach (var size in PageSizes)
        {
            var (warmPages, coldPages) = (new List<ListScoresResponse>(), new List<ListScoresResponse>());
            await client.ReadAllAsync(id, cancellationToken, warmPages, size);
            await coldClient.ReadAllAsync(id, cancellationToken, coldPages, size);
            var before = (MiddleSkip / size) - 1;
            middles.Add((size, warmPages[before].NextPageToken, coldPages[before].NextPageToken, [], [], [], []));
        }

        var (coldApi, coldService, whole) = (new List<double>(), new List<double>(), new List<double>());

        var floor = new List<double>();
        var api = new List<double>();
        var auth = new List<double>();
        var service = new List<double>();
        var parse = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            floor.Add(await TimeAsync(() => SnapshotFloor.ReadPagesAsync(world.ConnectionString, world, SnapshotReadClient.MaxPageSize, cancellationToken)));
            whole.Add(await TimeAsync(() => SnapshotFloor.ReadAsync(world.ConnectionString, world, cancellationToken)));
            coldApi.Add(await TimeAsync(() => coldClient.ReadAllAsync(id, cancellationToken)));
            coldService.Add(await TimeAsync(() => ServiceLayerAsync(coldQueries, world, cancellationToken)));
            foreach (var m in middles)
            {
                m.Floor.Add(await TimeAsync(async () => (await SnapshotFloor.ReadPageAsync(connection, cursor, m.Size, cancellationToken)).Rows));
                m.Product.Add(await TimeAsync(async () => (await SnapshotFloor.ReadProductPageAsync(connection, world, seq, cursor, m.Size, cancellationToken)).Rows));
                m.Cold.Add(await TimeAsync(() => coldClient.ReadPageAsync(id, m.ColdToken, cancellationToken, m.Size)));
                m.Warm.Add(await TimeAsync(() => client.ReadPageAsync(id, m.WarmToken, cancellationToken, m.Size)));
            }

            api.Add(await TimeAsync(() => client.ReadAllAsync(id, cancellationToken)));
            auth.Add(await TimeAsync(async () =>
            {
                for (var call = 0; call < calls; call++)
                {
                    _ = await accounts.AuthenticateAsync(world.Token, cancellationToken) ?? throw new InvalidOperationException("The bench token did not authenticate.");
                }

                return calls;
            }));
            service.Add(await TimeAsync(() => ServiceLayerAsync(queries, world, cancellationToken)));
            parse.Add(await TimeAsync(() => Task.FromResult(encoded.Sum(bytes => ListScoresResponse.Parser.ParseFrom(bytes).Scores.Count))));
        }

        return new ReadParts(Median(floor), Median(api), Median(auth), Median(service), Median(parse), encoded.Sum(b => (long)b.Length), iterations)
        {
            ColdApi = Median(coldApi),
            ColdQueries = Median(coldService),
            WholeSet = Median(whole),
            Pages = [.. middles.Select(m => new OnePage(m.Size, Median(m.Floor), Median(m.Product), Median(m.Cold), Median(m.Warm)))],
        };
    }

    // What SnapshotService asks of ISnapshotQueries for one operation, without transport, auth or protobuf.
    private static async Task<int> ServiceLayerAsync(ISnapshotQueries queries, ReadWorld world, CancellationToken cancellationToken)
    {
        _ = await queries.GetSnapshotAsync(world.UserId, world.SnapshotId, cancellationToken) ?? throw new InvalidOperationException("No snapshot.");
        var seen = 0;
        ScoreCursor? after = null;
        var query = new ScoreQuery();
        do
        {
            var page = await queries.ListScoresAsync(world.UserId, world.SnapshotId, query, after, SnapshotReadClient.MaxPageSize, cancellationToken)
                ?? throw new InvalidOperationException("No scores.");
            seen += page.Scores.Count;
            after = page.Next;
        }
        while (after is not null);
        return seen;
    }

    private static async Task<double> TimeAsync(Func<Task<int>> part)
    {
        var start = Stopwatch.GetTimestamp();
        _ = await part();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
