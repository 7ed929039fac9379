using System.Diagnostics.CodeAnalysis;
using Maimai.Core.Game;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// Builds <see cref="LampCounts"/> from (icon file, "N/Total") pairs: the profile's musiccount blocks and the
/// score lists' summary table use the same icons.
/// </summary>
internal sealed class LampCountsReader
{
    private static readonly string[] Keys =
    [
        "clear", "s", "sp", "ss", "ssp", "sss", "sssp",
        "fc", "fcp", "ap", "app",
        "sync", "fs", "fsp", "fdx", "fdxp",
        "dxstar_1", "dxstar_2", "dxstar_3", "dxstar_4", "dxstar_5",
    ];

    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int? _total;

    /// <summary>Adds one counter; false (with a reason) for an unknown icon, a bad number or a second total.</summary>
    public bool TryAdd(string iconFile, string counter, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        const string prefix = "music_icon_";
        if (!iconFile.StartsWith(prefix, StringComparison.Ordinal) || !iconFile.EndsWith(".png", StringComparison.Ordinal))
        {
            problem = $"unknown counter icon '{iconFile}'";
            return false;
        }

        var key = iconFile[prefix.Length..^4];
        if (Array.IndexOf(Keys, key) < 0)
        {
            problem = $"unknown counter icon '{iconFile}'";
            return false;
        }

        if (!PageText.TryFraction(counter, out var count, out var total) || count > total)
        {
            problem = $"unreadable counter '{counter}' for {key}";
            return false;
        }

        if ((_total is not null && _total != total) || !_counts.TryAdd(key, count))
        {
            problem = $"inconsistent counter '{counter}' for {key}";
            return false;
        }

        _total = total;
        return true;
    }

    public bool TryBuild([NotNullWhen(true)] out LampCounts? counts, [NotNullWhen(false)] out string? problem)
    {
        counts = null;
        var missing = Keys.Where(k => !_counts.ContainsKey(k)).ToList();
        if (missing.Count > 0 || _total is null)
        {
            problem = "lamp counters missing: " + string.Join(", ", missing);
            return false;
        }

        problem = null;
        int C(string key) => _counts[key];
        counts = new LampCounts(
            _total.Value,
            C("clear"), C("s"), C("sp"), C("ss"), C("ssp"), C("sss"), C("sssp"),
            C("fc"), C("fcp"), C("ap"), C("app"),
            C("sync"), C("fs"), C("fsp"), C("fdx"), C("fdxp"),
            C("dxstar_1"), C("dxstar_2"), C("dxstar_3"), C("dxstar_4"), C("dxstar_5"));
        return true;
    }
}
