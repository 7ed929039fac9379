using Maimai.Core.Songs;

namespace Maimai.Silo.Songs;

/// <summary><see cref="ISongQueries"/> over the node's <see cref="SongCache"/>: the API reads the same load as the fetches.</summary>
public sealed class SongQueries(SongCache cache) : ISongQueries
{
    public async ValueTask<SongLibrary> GetLibraryAsync(CancellationToken cancellationToken) =>
        (await cache.GetAsync(cancellationToken)).Library;

    public void Invalidate() => cache.Invalidate();
}
