using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;

namespace Maimai.Core.Rating;

/// <summary>Turns a snapshot's listed scores into what the rating reads, with the song's version on the region.</summary>
public static class SnapshotScores
{
    /// <summary>
    /// One <see cref="RatedScore"/> per score whose song the library knows with a valid version code; the
    /// listed levels are already the region's (international overrides on intl).
    /// </summary>
    public static IReadOnlyList<RatedScore> ToRated(IEnumerable<ListedScore> scores, SongLibrary library, Region region)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(library);
        var rated = new List<RatedScore>();
        foreach (var score in scores)
        {
            if (library.TryGetSong(score.SongId, out var song) && GameVersion.TryFromVersionCode(song.VersionIn(region), out _))
            {
                rated.Add(new RatedScore(score.ChartId, song.VersionIn(region), score.Difficulty, score.Level, score.InternalLevel, score.Achievement, score.ComboLamp,
                    score.SiteLevel));
            }
        }

        return rated;
    }
}
