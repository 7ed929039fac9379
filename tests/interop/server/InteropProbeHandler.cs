using Maimai.Grpc.Transport;
using Maimai.Interop.Testing;

namespace Maimai.Interop.Server;

/// <summary>Serves grpc.testing.InteropProbe (our own addition): reports what the server saw of a call.</summary>
public sealed class InteropProbeHandler(CancellationProbe probe)
{
    // Long enough for a reset to cross the connection, short enough to keep a failing case quick.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public async Task<CancellationReport> AwaitCancellation(CancellationQuery request, ServerCallContext context)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs, 0, (int)MaxWait.TotalMilliseconds));
        var seen = await probe.WaitAsync(request.CallId, wait, context.CancellationToken);
        return new CancellationReport { Seen = seen };
    }
}
