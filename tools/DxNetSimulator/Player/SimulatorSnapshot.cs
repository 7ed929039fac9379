using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;

namespace Maimai.DxNetSimulator.Player;

/// <summary>
/// An immutable copy of everything the simulated site would show, so tests can compare parsed pages
/// field by field. Scores hold only played charts; Recent is newest first (as the record page lists it).
/// </summary>
public sealed record SimulatorSnapshot(
    Region Region,
    PlayerProfile Profile,
    IReadOnlyList<Song> Songs,
    IReadOnlyList<ChartScore> Scores,
    IReadOnlyList<PlayRecord> Recent)
{
    public ChartScore? ScoreOf(int songId, Difficulty difficulty) =>
        Scores.FirstOrDefault(s => s.SongId == songId && s.Difficulty == difficulty);

    /// <summary>The genre as this region's pages spell it.</summary>
    public string GenreLabel(Genre genre) => Site.SiteText.For(Region).GenreLabel(genre);
}
