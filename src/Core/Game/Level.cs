using System.Globalization;

namespace Maimai.Core.Game;

/// <summary>
/// A chart level in fixed point, tenths: 13.7 is 137. A displayed level "13+" is stored as 137 by
/// convention (x.7 and above display as "+"), and "13" as 130.
/// </summary>
public readonly record struct Level(int Tenths) : IComparable<Level>
{
    public int CompareTo(Level other) => Tenths.CompareTo(other.Tenths);

    public static bool operator <(Level left, Level right) => left.Tenths < right.Tenths;
    public static bool operator >(Level left, Level right) => left.Tenths > right.Tenths;
    public static bool operator <=(Level left, Level right) => left.Tenths <= right.Tenths;
    public static bool operator >=(Level left, Level right) => left.Tenths >= right.Tenths;

    /// <summary>The level as DX NET displays it ("13+", "14").</summary>
    public string Display => Tenths % 10 >= 7
        ? string.Create(CultureInfo.InvariantCulture, $"{Tenths / 10}+")
        : (Tenths / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a displayed level ("13+", "7", "?") into its conventional value.</summary>
    public static bool TryParseDisplayed(ReadOnlySpan<char> text, out Level level)
    {
        level = default;
        text = text.Trim();
        var plus = text.EndsWith("+", StringComparison.Ordinal);
        if (plus)
        {
            text = text[..^1];
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) || whole > 99)
        {
            return false;
        }

        level = new Level((whole * 10) + (plus ? 7 : 0));
        return true;
    }

    /// <summary>Parses a precise (internal) level such as "13.7" or "14.0".</summary>
    public static bool TryParsePrecise(ReadOnlySpan<char> text, out Level level)
    {
        level = default;
        text = text.Trim();
        var dot = text.IndexOf('.');
        var wholeText = dot < 0 ? text : text[..dot];
        var tenthText = dot < 0 ? "0".AsSpan() : text[(dot + 1)..];
        if (tenthText.Length != 1
            || !int.TryParse(wholeText, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)
            || !int.TryParse(tenthText, NumberStyles.None, CultureInfo.InvariantCulture, out var tenth)
            || whole > 99)
        {
            return false;
        }

        level = new Level((whole * 10) + tenth);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Tenths / 10}.{Tenths % 10}");
}
