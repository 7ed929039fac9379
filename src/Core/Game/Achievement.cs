using System.Globalization;

namespace Maimai.Core.Game;

/// <summary>
/// An achievement percentage in fixed point: 100.5000% is 1_005_000. Rank and rating boundaries
/// are compared on these integers, never on floating point.
/// </summary>
public readonly record struct Achievement(int TenThousandths) : IComparable<Achievement>
{
    /// <summary>The largest achievement on a normal chart (101.0000%). Utage buddy charts can exceed it.</summary>
    public static readonly Achievement Max = new(1_010_000);

    public int CompareTo(Achievement other) => TenThousandths.CompareTo(other.TenThousandths);

    public static bool operator <(Achievement left, Achievement right) => left.TenThousandths < right.TenThousandths;
    public static bool operator >(Achievement left, Achievement right) => left.TenThousandths > right.TenThousandths;
    public static bool operator <=(Achievement left, Achievement right) => left.TenThousandths <= right.TenThousandths;
    public static bool operator >=(Achievement left, Achievement right) => left.TenThousandths >= right.TenThousandths;

    /// <summary>The rank this achievement earns.</summary>
    public ScoreRank Rank => TenThousandths switch
    {
        >= 1_005_000 => ScoreRank.SSSPlus,
        >= 1_000_000 => ScoreRank.SSS,
        >= 995_000 => ScoreRank.SSPlus,
        >= 990_000 => ScoreRank.SS,
        >= 980_000 => ScoreRank.SPlus,
        >= 970_000 => ScoreRank.S,
        >= 940_000 => ScoreRank.AAA,
        >= 900_000 => ScoreRank.AA,
        >= 800_000 => ScoreRank.A,
        >= 750_000 => ScoreRank.BBB,
        >= 700_000 => ScoreRank.BB,
        >= 600_000 => ScoreRank.B,
        >= 500_000 => ScoreRank.C,
        _ => ScoreRank.D,
    };

    /// <summary>
    /// Parses DX NET's text such as "100.5000%", "&amp;nbsp;99.1234%" or "97.5%" exactly, without floating point.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Achievement achievement)
    {
        achievement = default;
        text = text.Trim().TrimStart('\u00a0').Trim();
        if (text.EndsWith("%", StringComparison.Ordinal))
        {
            text = text[..^1].TrimEnd();
        }

        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? [] : text[(dot + 1)..];
        if (whole.IsEmpty || whole.Length > 3 || fraction.Length > 4
            || !int.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var w))
        {
            return false;
        }

        var f = 0;
        for (var i = 0; i < 4; i++)
        {
            var digit = i < fraction.Length ? fraction[i] - '0' : 0;
            if (digit is < 0 or > 9)
            {
                return false;
            }

            f = (f * 10) + digit;
        }

        achievement = new Achievement((w * 10_000) + f);
        return true;
    }

    /// <summary>Formats as DX NET does: four decimals and a percent sign.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TenThousandths / 10_000}.{TenThousandths % 10_000:D4}%");
}
