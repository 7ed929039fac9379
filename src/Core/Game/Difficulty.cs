namespace Maimai.Core.Game;

/// <summary>A chart's difficulty. The numbers are DX NET's own "diff" query values.</summary>
public enum Difficulty
{
    Basic = 0,
    Advanced = 1,
    Expert = 2,
    Master = 3,
    ReMaster = 4,

    /// <summary>宴 (utage): joke and buddy charts, listed by DX NET under diff=10.</summary>
    Utage = 10,
}
