using System.Threading.Channels;
using Maimai.Silo.Grains;

namespace Maimai.Silo.Tests.Grains;

/// <summary>A grain that records what happens to it; tests script its turns through the call lambdas.</summary>
internal sealed class ProbeGrain(string key, ProbeJournal journal) : IGrain
{
    private int running;

    public string Key { get; } = key;

    public int Instance { get; } = journal.NextInstance();

    /// <summary>Touched only inside turns, deliberately unsynchronised: turns that overlapped would corrupt or reorder it.</summary>
    public List<int> Seen { get; } = [];

    public async Task<int> RecordAsync(int value)
    {
        if (Interlocked.Increment(ref running) != 1)
        {
            journal.OverlapSeen();
        }

        await Task.Yield(); // the turn spans an await, which must not let the next turn in
        Seen.Add(value);
        Interlocked.Decrement(ref running);
        return value;
    }

    public async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        journal.Write(new ProbeEvent(Key, Instance, "activated", null));
        if (journal.OnActivate is { } hook)
        {
            await hook(this, cancellationToken);
        }
    }

    public async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        journal.Write(new ProbeEvent(Key, Instance, "deactivating", reason));
        if (journal.OnDeactivate is { } hook)
        {
            await hook(this, cancellationToken);
        }

        journal.Write(new ProbeEvent(Key, Instance, "deactivated", reason));
    }
}

/// <summary>One thing that happened to a <see cref="ProbeGrain"/>.</summary>
internal sealed record ProbeEvent(string Key, int Instance, string What, DeactivationReason? Reason);

/// <summary>Shared by every probe of one runtime: lifecycle events in order, and hooks the tests set.</summary>
internal sealed class ProbeJournal
{
    private readonly Channel<ProbeEvent> events = Channel.CreateUnbounded<ProbeEvent>();
    private int instances;
    private int overlaps;

    public Func<ProbeGrain, CancellationToken, Task>? OnActivate { get; set; }

    public Func<ProbeGrain, CancellationToken, Task>? OnDeactivate { get; set; }

    public int Overlaps => Volatile.Read(ref overlaps);

    public int NextInstance() => Interlocked.Increment(ref instances);

    public void OverlapSeen() => Interlocked.Increment(ref overlaps);

    public void Write(ProbeEvent e) => events.Writer.TryWrite(e);

    /// <summary>The next lifecycle event, within the test timeout.</summary>
    public async Task<ProbeEvent> NextAsync() => await events.Reader.ReadAsync().AsTask().WaitAsync(GrainHarness.Timeout);

    /// <summary>Events so far, without waiting.</summary>
    public List<ProbeEvent> Drain()
    {
        List<ProbeEvent> seen = [];
        while (events.Reader.TryRead(out var e))
        {
            seen.Add(e);
        }

        return seen;
    }
}
