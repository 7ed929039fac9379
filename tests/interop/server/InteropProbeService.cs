using Grpc.Core;
using Maimai.Interop.Testing;

namespace Maimai.Interop.Server;

/// <summary>Serves grpc.testing.InteropProbe (our own addition): reports what the server saw of a call.</summary>
public sealed class InteropProbeService(CancellationProbe probe) : InteropProbe.InteropProbeBase
{
    // Long enough for a reset to cross the connection, short enough to keep a failing case quick.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public override async Task<CancellationReport> AwaitCancellation(CancellationQuery request, ServerCallContext context)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs, 0, (int)MaxWait.TotalMilliseconds));
        var seen = await probe.WaitAsync(request.CallId, wait, context.CancellationToken);
        return new CancellationReport { Seen = seen };
    }
}
