using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Maimai.Core.Songs;

/// <summary>A set of songs with lookups by key and by title, as read from a song list.</summary>
[SuppressMessage("Naming", "CA1710", Justification = "A catalog is the game's word for it.")]
public sealed class SongCatalog : IReadOnlyCollection<Song>
{
    private readonly List<Song> _songs;
    private readonly Dictionary<string, Song> _byKey;
    private readonly ILookup<string, Song> _byTitle;

    public SongCatalog(IEnumerable<Song> songs)
    {
        ArgumentNullException.ThrowIfNull(songs);
        _songs = [.. songs];
        _byKey = new Dictionary<string, Song>(StringComparer.Ordinal);
        foreach (var song in _songs)
        {
            if (!_byKey.TryAdd(song.Key, song))
            {
                throw new ArgumentException($"Two songs share the key of '{song.Title}' ({song.ImageFile}).", nameof(songs));
            }
        }

        _byTitle = _songs.ToLookup(s => s.Title, StringComparer.Ordinal);
    }

    public int Count => _songs.Count;

    /// <summary>How many charts all songs have together.</summary>
    public int ChartCount => _songs.Sum(s => s.Charts.Count);

    public bool TryGet(string key, out Song song) => _byKey.TryGetValue(key, out song!);

    /// <summary>Every song with exactly this title (usually one; "Link" has two, some utage songs more).</summary>
    public IEnumerable<Song> FindByTitle(string title) => _byTitle[title];

    public IEnumerator<Song> GetEnumerator() => _songs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
