using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Catalog;

/// <summary>
/// One song as DX NET lists it: a title with one chart type. A title with both STD and DX charts is two
/// songs here, as on the site (each has its own musicDetail idx).
/// </summary>
public sealed record Song(
    int Id,
    string Title,
    string Artist,
    Genre Genre,
    ChartType Type,
    bool IsNew,
    string ImageId,
    string MusicDetailIdx,
    IReadOnlyList<Chart> Charts)
{
    public bool IsUtage => Charts.Count > 0 && Charts[0].Difficulty == Difficulty.Utage;

    public Chart? Find(Difficulty difficulty) => Charts.FirstOrDefault(c => c.Difficulty == difficulty);
}

/// <summary>One chart of a song. <see cref="Level"/> is the precise (internal) level.</summary>
public sealed record Chart(Difficulty Difficulty, Level Level, NoteCounts Notes)
{
    /// <summary>DX score ceiling: three points per note.</summary>
    public int MaxDxScore => Notes.Total * 3;

    /// <summary>An utage buddy (two-player) chart: its achievement can exceed 101%.</summary>
    public bool IsBuddy { get; init; }
}

/// <summary>Note counts per note type; Touch is zero on STD charts (the site leaves that cell empty).</summary>
public sealed record NoteCounts(int Tap, int Hold, int Slide, int Touch, int Break)
{
    public int Total => Tap + Hold + Slide + Touch + Break;
}

/// <summary>DX NET's genres; the numbers are the site's own genre query values.</summary>
public enum Genre
{
    PopsAnime = 101,
    NiconicoVocaloid = 102,
    Touhou = 103,
    GameVariety = 104,
    Maimai = 105,
    OngekiChunithm = 106,

    /// <summary>宴会場: where utage charts live.</summary>
    Utage = 107,
}
