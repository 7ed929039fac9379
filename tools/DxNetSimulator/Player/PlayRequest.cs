using Maimai.Core.Game;

namespace Maimai.DxNetSimulator.Player;

/// <summary>
/// A play to add: which chart, and optionally how well (a skill level in tenths; 150 plays a 13.0 chart
/// near perfectly, 100 struggles). Without a skill the player's own skill is used.
/// </summary>
public sealed record PlayRequest(int SongId, Difficulty Difficulty)
{
    public int? SkillTenths { get; init; }
}
