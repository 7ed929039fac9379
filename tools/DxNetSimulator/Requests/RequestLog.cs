namespace Maimai.DxNetSimulator.Requests;

/// <summary>Every site request in arrival order, counted per page kind; tests assert on it and reset it.</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RequestLogEntry> _entries = [];
    private int _ordinal;

    /// <summary>Requests since the last reset.</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public int Count(PageKind kind)
    {
        lock (_gate)
        {
            return _entries.Count(e => e.Kind == kind);
        }
    }

    /// <summary>Counts per kind (kinds with no request are absent).</summary>
    public IReadOnlyDictionary<PageKind, int> Counts()
    {
        lock (_gate)
        {
            return _entries.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    public IReadOnlyList<RequestLogEntry> Entries()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal RequestLogEntry Add(PageKind kind, string pathAndQuery)
    {
        lock (_gate)
        {
            var entry = new RequestLogEntry(++_ordinal, kind, pathAndQuery);
            _entries.Add(entry);
            return entry;
        }
    }
}
