namespace Maimai.Core.Game;

/// <summary>The combo lamp of a chart score, in ascending order.</summary>
public enum ComboLamp
{
    None = 0,
    FullCombo = 1,
    FullComboPlus = 2,
    AllPerfect = 3,
    AllPerfectPlus = 4,
}
