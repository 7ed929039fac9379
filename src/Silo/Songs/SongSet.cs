using Maimai.Core.Game;
using Maimai.Core.Songs;

namespace Maimai.Silo.Songs;

/// <summary>
/// One load of the songs database, immutable and shared by every reader until the next load: the API's
/// <see cref="SongLibrary"/> and, built on first use from it, each region's chart directory for fetches.
/// </summary>
public sealed class SongSet
{
    private readonly Lazy<ChartDirectory> _intl;
    private readonly Lazy<ChartDirectory> _jp;

    public SongSet(SongLibrary library, long revision)
    {
        Library = library ?? throw new ArgumentNullException(nameof(library));
        Revision = revision;
        _intl = new(() => new ChartDirectory(library, Region.Intl));
        _jp = new(() => new ChartDirectory(library, Region.Jp));
    }

    public SongLibrary Library { get; }

    /// <summary>The songs revision (see <see cref="Storage.Songs.SongRepository"/>) read before the tables: a later change shows as a larger one.</summary>
    public long Revision { get; }

    public DateTimeOffset LoadedAt => Library.LoadedAt;

    /// <summary>The region's chart directory, with its resolver built once per load.</summary>
    internal ChartDirectory ChartsFor(Region region) => (region == Region.Intl ? _intl : _jp).Value;
}
