using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Maimai.Benchmarks.Api;

/// <summary>What the figures were taken on: cores, memory, OS, .NET, GC mode, and the load average at start and end.</summary>
public sealed record MachineFacts(int Cores, double MemoryGiB, string Os, string Runtime, string Gc, string LoadAtStart, string? LoadAtEnd)
{
    public static MachineFacts Capture() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024),
        ReadOs(),
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC ? "server GC" : "workstation GC",
        ReadLoad(),
        null);

    public MachineFacts Finish() => this with { LoadAtEnd = ReadLoad() };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores, {MemoryGiB:F0} GiB, {Os}, {Runtime} ({Gc}); load average (1/5/15 min) {LoadAtStart} at start, {LoadAtEnd ?? "?"} at end");

    private static string ReadOs()
    {
        const string debian = "/etc/debian_version";
        return File.Exists(debian) ? "Debian " + File.ReadAllText(debian).Trim() : RuntimeInformation.OSDescription;
    }

    private static string ReadLoad()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg) ? string.Join(' ', File.ReadAllText(loadavg).Split(' ').Take(3)) : "unknown";
    }
}
