namespace Maimai.Silo.Fetching;

/// <summary>
/// The slot one fetch holds on its silo: a snapshot slot (<see cref="FetchOptions.MaxConcurrentFetches"/>) while it
/// reads and commits its snapshot, then a detail slot (<see cref="FetchOptions.MaxConcurrentDetails"/>) while it
/// reads its detail pages. Two kinds, so a player's snapshot never waits behind other players' detail phases: a
/// first fetch's detail is about a thousand pages, 18 minutes at the 1 s politeness gap.
/// </summary>
internal sealed class FetchSlot(SemaphoreSlim snapshots, SemaphoreSlim details) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private SemaphoreSlim? _held;

    /// <summary>Waits for a snapshot slot.</summary>
    public async Task TakeSnapshotAsync(CancellationToken cancellationToken)
    {
        await snapshots.WaitAsync(cancellationToken);
        _held = snapshots;
    }

    /// <summary>
    /// Gives back the snapshot slot and waits for a detail slot, asking <paramref name="keepWaiting"/> every 200 ms
    /// (a shutdown or a newer fetch ends the wait as it ends the phase between pages): false when it said stop.
    /// </summary>
    public async Task<bool> TakeDetailAsync(Func<bool> keepWaiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keepWaiting);
        Release();
        while (!await details.WaitAsync(Poll, cancellationToken))
        {
            if (!keepWaiting())
            {
                return false;
            }
        }

        _held = details;
        return true;
    }

    public void Dispose() => Release();

    private void Release()
    {
        _held?.Release();
        _held = null;
    }
}
