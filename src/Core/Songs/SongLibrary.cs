using System.Globalization;
using System.Text;
using Maimai.Core.Game;

namespace Maimai.Core.Songs;

/// <summary>A song of the songs database with its database id and natural key (see <see cref="SongKeys"/>), as the API, pages and fetches read it.</summary>
public sealed record LibrarySong(
    int Id,
    string Key,
    string Title,
    string Artist,
    string Genre,
    int VersionCode,
    DateOnly? ReleaseDate,
    string ImageFile,
    string? Bpm,
    bool IsIntl,
    DateOnly? IntlAddedDate,
    int? IntlVersionCode,
    UtageInfo? Utage,
    IReadOnlyList<LibraryChart> Charts)
{
    /// <summary>The version the song arrived in on the region (international releases may come later).</summary>
    public int VersionIn(Region region) => region == Region.Intl ? IntlVersionCode ?? VersionCode : VersionCode;

    /// <summary>On the Japanese version: released there, or at least not an international-only entry.</summary>
    public bool IsJp => ReleaseDate is not null || !IsIntl;

    public bool IsIn(Region region) => region == Region.Intl ? IsIntl : IsJp;
}

/// <summary>A chart with its id; the international columns are null when they match the Japanese ones or are unknown.</summary>
public sealed record LibraryChart(
    int Id,
    int SongId,
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel,
    Level? IntlLevel,
    Level? IntlInternalLevel,
    NoteCounts Notes,
    string? Designer)
{
    /// <summary>The displayed level the region shows.</summary>
    public Level LevelIn(Region region) => region == Region.Intl ? IntlLevel ?? Level : Level;

    /// <summary>The internal level the region uses, null when unknown.</summary>
    public Level? InternalLevelIn(Region region) => region == Region.Intl ? IntlInternalLevel ?? InternalLevel : InternalLevel;

    /// <summary>The largest DX score (3 per note), null when the note count is unknown.</summary>
    public int? DxScoreMax => Notes.Total * 3;
}

/// <summary>What ListSongs filters by; null or empty means any. A chart filter matches when one chart matches all of them.</summary>
public sealed record SongSearch(
    string? Text = null,
    string? Genre = null,
    string? Version = null,
    ChartType? ChartType = null,
    Difficulty? Difficulty = null,
    Level? MinLevel = null,
    Level? MaxLevel = null,
    Region? Region = null);

/// <summary>Where a page of songs ends: the last song's title and id (the order's key).</summary>
public sealed record SongCursor(string Title, int Id);

/// <summary>
/// An immutable view of the whole songs database: songs ordered by title then id, lookups by song and chart id.
/// Readers share one instance; a refresh builds a new one.
/// </summary>
public sealed class SongLibrary
{
    private readonly LibrarySong[] _ordered;
    private readonly string[] _searchText;
    private readonly Dictionary<int, LibrarySong> _songs;
    private readonly Dictionary<int, (LibraryChart Chart, LibrarySong Song)> _charts;

    public SongLibrary(IEnumerable<LibrarySong> songs, DateTimeOffset loadedAt)
    {
        ArgumentNullException.ThrowIfNull(songs);
        _ordered = [.. songs.OrderBy(s => s.Title, StringComparer.Ordinal).ThenBy(s => s.Id)];
        _searchText = [.. _ordered.Select(s => Normalize(s.Title + "\n" + s.Artist))];
        _songs = _ordered.ToDictionary(s => s.Id);
        _charts = _ordered.SelectMany(s => s.Charts.Select(c => (c, s))).ToDictionary(p => p.c.Id, p => (p.c, p.s));
        LoadedAt = loadedAt;
    }

    public static SongLibrary Empty { get; } = new([], DateTimeOffset.MinValue);

    public DateTimeOffset LoadedAt { get; }

    public IReadOnlyList<LibrarySong> Songs => _ordered;

    public int ChartCount => _charts.Count;

    public bool TryGetSong(int songId, out LibrarySong song) => _songs.TryGetValue(songId, out song!);

    public bool TryGetChart(int chartId, out LibraryChart chart, out LibrarySong song)
    {
        if (_charts.TryGetValue(chartId, out var found))
        {
            (chart, song) = found;
            return true;
        }

        (chart, song) = (null!, null!);
        return false;
    }

    /// <summary>Up to <paramref name="limit"/> matching songs after <paramref name="after"/>, in title order.</summary>
    public IReadOnlyList<LibrarySong> Search(SongSearch search, SongCursor? after, int limit)
    {
        ArgumentNullException.ThrowIfNull(search);
        var text = string.IsNullOrWhiteSpace(search.Text) ? null : Normalize(search.Text.Trim());
        var start = after is null ? 0 : FirstAfter(after);
        var page = new List<LibrarySong>(Math.Min(limit, 64));
        for (var i = start; i < _ordered.Length && page.Count < limit; i++)
        {
            var song = _ordered[i];
            if ((text is null || _searchText[i].Contains(text, StringComparison.Ordinal)) && Matches(song, search))
            {
                page.Add(song);
            }
        }

        return page;
    }

    /// <summary>NFKC folds full-width letters and half-width kana; lower-casing then makes the match case-insensitive.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
    }

    private static bool Matches(LibrarySong song, SongSearch search)
    {
        if ((search.Genre is { Length: > 0 } genre && song.Genre != genre)
            || (search.Version is { Length: > 0 } version && VersionName(song.VersionCode) != version)
            || (search.Region is { } region && !song.IsIn(region)))
        {
            return false;
        }

        if (search.ChartType is null && search.Difficulty is null && search.MinLevel is null && search.MaxLevel is null)
        {
            return true;
        }

        var levelRegion = search.Region ?? Region.Jp;
        return song.Charts.Any(c =>
            (search.ChartType is not { } type || c.Type == type)
            && (search.Difficulty is not { } difficulty || c.Difficulty == difficulty)
            && (search.MinLevel is not { } min || c.LevelIn(levelRegion) >= min)
            && (search.MaxLevel is not { } max || c.LevelIn(levelRegion) <= max));
    }

    /// <summary>The game version's name for an otoge-db version code, or "" when the code is not one.</summary>
    public static string VersionName(int versionCode) =>
        GameVersion.TryFromVersionCode(versionCode, out var version) ? version.Name : "";

    // Binary search for the first song ordered after the cursor's (title, id).
    private int FirstAfter(SongCursor cursor)
    {
        int lo = 0, hi = _ordered.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var song = _ordered[mid];
            var order = string.CompareOrdinal(song.Title, cursor.Title);
            if (order < 0 || (order == 0 && song.Id <= cursor.Id))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
