using Maimai.DxNetSimulator.Requests;

namespace Maimai.DxNetSimulator.Faults;

/// <summary>The active faults and the added latency. Rules are checked in the order they were added.</summary>
public sealed class FaultControl
{
    private readonly Lock _gate = new();
    private readonly List<ActiveRule> _rules = [];
    private TimeSpan _latency;

    /// <summary>Delay added before every site response (wall clock, not the injected TimeProvider).</summary>
    public TimeSpan Latency
    {
        get
        {
            lock (_gate)
            {
                return _latency;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _latency = value;
            }
        }
    }

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(rule.Skip);
        if (rule.Times is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Times, "Times must be positive, or null for every request.");
        }

        lock (_gate)
        {
            _rules.Add(new ActiveRule(rule));
        }
    }

    /// <summary>Removes every fault (latency stays).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Rules not yet used up.</summary>
    public IReadOnlyList<FaultRule> Active()
    {
        lock (_gate)
        {
            return [.. _rules.Select(r => r.Rule)];
        }
    }

    /// <summary>Counts this request against every rule watching its kind; returns the first that applies.</summary>
    internal FaultRule? Next(PageKind kind)
    {
        lock (_gate)
        {
            FaultRule? applied = null;
            foreach (var active in _rules)
            {
                if (active.Rule.Page is { } page && page != kind)
                {
                    continue;
                }

                active.Seen++;
                if (applied is null && active.Seen > active.Rule.Skip)
                {
                    active.Applied++;
                    applied = active.Rule;
                }
            }

            _rules.RemoveAll(r => r.Rule.Times is { } times && r.Applied >= times);
            return applied;
        }
    }

    private sealed class ActiveRule(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Seen { get; set; }

        public int Applied { get; set; }
    }
}
