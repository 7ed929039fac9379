using Maimai.Testing;

namespace Maimai.Silo.Tests.Site;

/// <summary>The committed bundle (src/Silo/Site/Bundle) and the script that builds it (web/build.sh).</summary>
internal static class SiteBundle
{
    /// <summary>The files web/build.sh writes, all of them: the first view loads exactly these.</summary>
    public static readonly string[] Files = ["index.html", "app.js", "app.css"];

    public static string Folder { get; } = Path.Combine(SharedFolder.RepositoryRoot, "src", "Silo", "Site", "Bundle");

    public static string BuildScript { get; } = Path.Combine(SharedFolder.RepositoryRoot, "web", "build.sh");

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Folder, file));
}

/// <summary>A fact that runs web/build.sh; it skips with the reason when node or npm is not on the PATH.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        var missing = new[] { "node", "npm" }.Where(tool => !OnPath(tool)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(" and ", missing)} not on the PATH, so web/build.sh cannot rebuild the bundle here; CI has both.";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
