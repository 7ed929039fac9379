using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.DxNetSimulator;
using Maimai.DxNetSimulator.Player;
using Maimai.Scraping.Identity;
using Maimai.Silo.Storage.Songs;
using SimSong = Maimai.DxNetSimulator.Catalog.Song;

namespace Maimai.Silo.Demo;

/// <summary>
/// A simulated DX NET's catalog as the songs database holds it, so the demo (and a test world) can rate its scores:
/// each title with its STD and DX charts is one song, with internal levels, note counts and utage marks. The
/// simulator's new songs get the region's current version and the others UNiVERSE, well before the previous
/// version, so the rating's new/old split matches the simulator's own.
/// </summary>
public static class SimulatorSongCatalog
{
    /// <summary>The version code of the simulator's older songs: UNiVERSE, older than any version the rating counts as new.</summary>
    public const int OldVersionCode = 22000;

    /// <summary>The simulator's songs in its catalog order (a title's first appearance).</summary>
    public static IReadOnlyList<Song> SongsOf(SimulatorSnapshot snapshot, CurrentVersions versions)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(versions);
        var newCode = versions.For(snapshot.Region).FirstCode;
        return [.. snapshot.Songs.GroupBy(s => (s.Title, s.Genre, s.ImageId)).Select(group =>
        {
            var first = group.First();
            var image = first.ImageId + ".png";
            return new Song(
                SongKeys.For(first.Title, image, first.IsUtage ? first.Genre.ToString() : null),
                first.Title, first.Artist, GenreNames.ToCatalogGenre(snapshot.GenreLabel(first.Genre)),
                first.IsNew ? newCode : OldVersionCode, null, image, null, true, null,
                first.IsUtage ? new UtageInfo("宴", null, false) : null,
                [.. group.SelectMany(ChartsOf)]);
        })];
    }

    /// <summary>
    /// Imports both simulators' songs as `songs import` would: the Japanese list first (it owns the base columns),
    /// then the international one. A second run on the same database changes nothing.
    /// </summary>
    public static async Task ImportAsync(SongRepository songs, RunningSimulator jp, RunningSimulator intl, CurrentVersions versions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(songs);
        ArgumentNullException.ThrowIfNull(jp);
        ArgumentNullException.ThrowIfNull(intl);
        await songs.ImportAsync(new SongCatalog(SongsOf(jp.Snapshot(), versions)), Region.Jp, cancellationToken: cancellationToken);
        await songs.ImportAsync(new SongCatalog(SongsOf(intl.Snapshot(), versions)), Region.Intl, cancellationToken: cancellationToken);
    }

    // The displayed level is the internal one rounded down to a whole or "+" level (x.7 and up shows as x+).
    private static IEnumerable<Chart> ChartsOf(SimSong song) => song.Charts.Select(c => new Chart(
        song.Type, c.Difficulty, new Level((c.Level.Tenths / 10 * 10) + (c.Level.Tenths % 10 >= 7 ? 7 : 0)), c.Level,
        new NoteCounts(c.Notes.Total, c.Notes.Tap, c.Notes.Hold, c.Notes.Slide, c.Notes.Touch, c.Notes.Break), null));
}
