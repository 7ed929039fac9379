using System.Diagnostics;
using System.Globalization;
using GrpcV1 = Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// How the fetches a window started stood at its end (after a bounded grace): completed; running in the detail phase
/// with the snapshot stored (the politeness gap makes a first fetch's detail outlast a window); failed, by code;
/// still before the snapshot; unreadable. "Complete" for the load means the first two.
/// </summary>
internal sealed record FetchTally(int Started, int Completed, int DetailRunning, int BeforeSnapshot, IReadOnlyDictionary<string, int> Failed, int Unreadable)
{
    public int Finished => Completed + DetailRunning;

    public override string ToString()
    {
        var failed = Failed.Count == 0 ? "none failed" : "failed: " + string.Join(", ", Failed.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Started} started: {Completed} completed, {DetailRunning} snapshot stored with detail still running, {BeforeSnapshot} before their snapshot, {failed}, {Unreadable} unreadable");
    }
}

internal static class FetchOutcomes
{
    public static async Task<FetchTally> ClassifyAsync(Uri grpcFront, MixResult window, TimeSpan grace, CancellationToken cancellationToken)
    {
        using var api = new ApiCaller(grpcFront, web: false, TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var states = new List<(GrpcV1.Fetch? Fetch, string Code)>();
            foreach (var (id, token) in window.Fetches)
            {
                var answer = await api.CallAsync("FetchService/GetFetch", new GrpcV1.GetFetchRequest { FetchId = id }, GrpcV1.GetFetchResponse.Parser, token, cancellationToken);
                states.Add((answer.Reply?.Fetch, answer.Code));
            }

            var beforeSnapshot = states.Count(s => s.Fetch is { } f && f.State is GrpcV1.FetchState.Pending or GrpcV1.FetchState.Running && f.SnapshotId.Length == 0);
            if ((beforeSnapshot == 0 && states.All(s => s.Fetch is not null)) || clock.Elapsed >= grace)
            {
                return new FetchTally(
                    states.Count,
                    states.Count(s => s.Fetch?.State == GrpcV1.FetchState.Completed),
                    states.Count(s => s.Fetch is { } f && f.State == GrpcV1.FetchState.Running && f.SnapshotId.Length > 0),
                    beforeSnapshot,
                    states.Where(s => s.Fetch?.State == GrpcV1.FetchState.Failed).GroupBy(s => s.Fetch!.ErrorCode.ToString()).ToDictionary(g => g.Key, g => g.Count()),
                    states.Count(s => s.Fetch is null));
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }
    }
}
