using System.Globalization;
using Maimai.Core.Game;

namespace Maimai.Core.Exports;

/// <summary>How exports write values that other tools read back.</summary>
internal static class ExportText
{
    /// <summary>"100.5000": the site's four decimals, without the percent sign.</summary>
    public static string Achievement(Achievement achievement) =>
        string.Create(CultureInfo.InvariantCulture, $"{achievement.TenThousandths / 10_000}.{achievement.TenThousandths % 10_000:D4}");
}
