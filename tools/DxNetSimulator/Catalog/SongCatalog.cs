using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Catalog;

/// <summary>The simulated site's song list, with look-ups by id and by musicDetail idx.</summary>
public sealed class SongCatalog
{
    private readonly Dictionary<string, Song> _byIdx;

    public SongCatalog(IReadOnlyList<Song> songs)
    {
        Songs = songs;
        _byIdx = songs.ToDictionary(s => s.MusicDetailIdx, StringComparer.Ordinal);
    }

    /// <summary>Every song in site order (by genre, then catalog order).</summary>
    public IReadOnlyList<Song> Songs { get; }

    public Song this[int id] => Songs[id];

    public Song? FindByIdx(string idx) => _byIdx.GetValueOrDefault(idx);

    /// <summary>Every (song, chart) at a difficulty, in the order the score list shows them.</summary>
    public IEnumerable<(Song Song, Chart Chart)> ChartsAt(Difficulty difficulty) =>
        Songs.OrderBy(s => s.Genre).ThenBy(s => s.Id)
            .Select(s => (Song: s, Chart: s.Find(difficulty)))
            .Where(x => x.Chart is not null)
            .Select(x => (x.Song, x.Chart!));
}
