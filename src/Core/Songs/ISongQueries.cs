namespace Maimai.Core.Songs;

/// <summary>
/// Reads the songs database. Implementations keep the whole library in memory: it is small, read on every
/// score listing, and changes only on import, admin edits and charts a fetch discovers.
/// </summary>
public interface ISongQueries
{
    /// <summary>The current library (loaded on first use, then refreshed periodically and after <see cref="Invalidate"/>).</summary>
    ValueTask<SongLibrary> GetLibraryAsync(CancellationToken cancellationToken);

    /// <summary>The songs database changed: the next read loads it again.</summary>
    void Invalidate();
}
