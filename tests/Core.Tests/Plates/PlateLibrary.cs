using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;

namespace Maimai.Core.Tests.Plates;

/// <summary>Builds small song libraries and scores for the plate tests.</summary>
internal static class PlateLibrary
{
    public static LibrarySong Song(int id, string title, string version, bool isIntl = true, int? intlVersion = null, UtageInfo? utage = null, params LibraryChart[] charts) =>
        new(id, $"key-{id}", title, "artist", "genre", GameVersion.Parse(version).FirstCode, new DateOnly(2020, 1, 1), "", null, isIntl, null, intlVersion, utage, charts);

    public static LibraryChart Chart(int id, int songId, ChartType type, Difficulty difficulty, int levelTenths = 120) =>
        new(id, songId, type, difficulty, new Level(levelTenths), null, null, null, NoteCounts.Unknown, null);

    /// <summary>A song with STD (pre-DX) or DX (otherwise) BASIC to MASTER charts, ids songId*10+difficulty.</summary>
    public static LibrarySong Standard(int songId, string version, bool withReMaster = false)
    {
        var type = GameVersion.Parse(version).Ordinal >= GameVersion.Parse("DX").Ordinal ? ChartType.Dx : ChartType.Std;
        var difficulties = withReMaster
            ? new[] { Difficulty.Basic, Difficulty.Advanced, Difficulty.Expert, Difficulty.Master, Difficulty.ReMaster }
            : [Difficulty.Basic, Difficulty.Advanced, Difficulty.Expert, Difficulty.Master];
        return Song(songId, $"Song {songId}", version, charts: [.. difficulties.Select(d => Chart((songId * 10) + (int)d, songId, type, d, 70 + (int)d * 20))]);
    }

    public static ListedScore Score(int chartId, int achievement, ComboLamp combo = ComboLamp.None, SyncLamp sync = SyncLamp.None) =>
        new(chartId, chartId / 10, "t", "a", "g", ChartType.Std, Difficulty.Master, new Level(120), null, new Achievement(achievement), 0, null, combo, sync, null, null);

    public static SongLibrary Of(params LibrarySong[] songs) => new(songs, DateTimeOffset.UnixEpoch);
}
