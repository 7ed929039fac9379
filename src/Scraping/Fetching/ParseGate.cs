namespace Maimai.Scraping.Fetching;

/// <summary>
/// Bounds how many pages are parsed at once. A parse is pure CPU and holds a whole DOM (a score list's is tens of
/// MB), while a fetch spends most of its time waiting on the site and its politeness gap: a silo may run dozens of
/// fetches, but more parses than cores only add memory and take CPU from the API's reads. The fetches beyond the
/// width wait here holding only their page's text.
/// </summary>
internal sealed class ParseGate(int width) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(width, width);
    private int _inside;
    private int _peak;

    /// <summary>One slot per core, shared by every fetch in the process.</summary>
    public static ParseGate Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>The most parses seen running at once.</summary>
    public int Peak => Volatile.Read(ref _peak);

    public async Task<T> RunAsync<T>(Func<T> parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var inside = Interlocked.Increment(ref _inside);
            for (var peak = Volatile.Read(ref _peak); inside > peak && Interlocked.CompareExchange(ref _peak, inside, peak) != peak; peak = Volatile.Read(ref _peak))
            {
                // another parse raised the peak meanwhile: compare again
            }

            return parse();
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
