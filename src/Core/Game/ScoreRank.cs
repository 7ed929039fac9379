namespace Maimai.Core.Game;

/// <summary>The letter rank a play's achievement earns, in ascending order.</summary>
public enum ScoreRank
{
    D = 0,
    C = 1,
    B = 2,
    BB = 3,
    BBB = 4,
    A = 5,
    AA = 6,
    AAA = 7,
    S = 8,
    SPlus = 9,
    SS = 10,
    SSPlus = 11,
    SSS = 12,
    SSSPlus = 13,
}
