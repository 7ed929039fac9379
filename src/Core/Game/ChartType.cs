namespace Maimai.Core.Game;

/// <summary>Whether a chart is from the original maimai (STD) or the DX era (DX).</summary>
public enum ChartType
{
    Std = 1,
    Dx = 2,
}
