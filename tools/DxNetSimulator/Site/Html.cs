using System.Globalization;

namespace Maimai.DxNetSimulator.Site;

/// <summary>Formatting as the site writes values.</summary>
internal static class Html
{
    /// <summary>The site shows times in Japan time (UTC+9) on both regions.</summary>
    public static readonly TimeSpan SiteOffset = TimeSpan.FromHours(9);

    /// <summary>Encodes &amp; &lt; &gt; and " only; the site leaves apostrophes and non-ASCII as they are.</summary>
    public static string Text(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Thousands separators, as "1,298 / 1,689".</summary>
    public static string Grouped(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) =>
        time.ToOffset(SiteOffset).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
}
