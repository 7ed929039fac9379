using System.Collections.Concurrent;

namespace Maimai.Interop.Server;

/// <summary>
/// Remembers, per "x-interop-call-id", whether a handler's cancellation token fired, so a client can check that
/// its deadline or reset reached the server and not only its own side.
/// </summary>
public sealed class CancellationProbe
{
    /// <summary>The request header naming a call for the probe.</summary>
    public const string CallIdHeader = "x-interop-call-id";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _calls = new(StringComparer.Ordinal);

    /// <summary>Starts watching <paramref name="token"/> for the call named <paramref name="callId"/>.</summary>
    public void Watch(string callId, CancellationToken token)
    {
        var seen = Entry(callId);
        token.Register(() => seen.TrySetResult());
    }

    /// <summary>True once the call's token fired, waiting up to <paramref name="wait"/> for it.</summary>
    public async Task<bool> WaitAsync(string callId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var seen = Entry(callId).Task;
        try
        {
            await seen.WaitAsync(wait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _calls.TryRemove(callId, out _);
        }
    }

    private TaskCompletionSource Entry(string callId) =>
        _calls.GetOrAdd(callId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
