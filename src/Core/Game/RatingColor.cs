namespace Maimai.Core.Game;

/// <summary>The colour of the rating plate, as DX NET names it in rating_base_*.png (normal is white, orange is yellow).</summary>
public enum RatingColor
{
    Normal = 0,
    Blue,
    Green,
    Orange,
    Red,
    Purple,
    Bronze,
    Silver,
    Gold,
    Platinum,
    Rainbow,
}
