using Maimai.Core.Game;

namespace Maimai.Core.Songs;

/// <summary>
/// A song in the songs database. <see cref="Key"/> is its stable natural identity (see <see cref="SongKeys"/>):
/// titles alone repeat ("Link" twice; utage variants of one song share title and jacket). <see cref="Reading"/> is
/// how the title is read (otoge-db's title_kana, in katakana), null when the source does not say.
/// </summary>
public sealed record Song(
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
    UtageInfo? Utage,
    IReadOnlyList<Chart> Charts,
    string? Reading = null)
{
    /// <summary>The chart of the given type and difficulty, or null when the song has none.</summary>
    public Chart? FindChart(ChartType type, Difficulty difficulty) =>
        Charts.FirstOrDefault(c => c.Type == type && c.Difficulty == difficulty);
}

/// <summary>What marks a 宴 (utage) song: its kanji label ([宴], [協], ...), its comment, and whether it is a buddy (two-player) chart.</summary>
public sealed record UtageInfo(string Kanji, string? Comment, bool IsBuddy);

/// <summary>
/// One chart of a song. <see cref="InternalLevel"/> is the community-measured precise level, null when unknown;
/// utage charts are <see cref="Difficulty.Utage"/> and typed <see cref="ChartType.Dx"/>.
/// </summary>
public sealed record Chart(
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel,
    NoteCounts Notes,
    string? Designer);

/// <summary>A chart's note counts; each is null when the source does not say (STD charts have no touch notes).</summary>
public sealed record NoteCounts(int? Total, int? Tap, int? Hold, int? Slide, int? Touch, int? Break)
{
    public static readonly NoteCounts Unknown = new(null, null, null, null, null, null);
}
