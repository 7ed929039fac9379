using System.Text.Json;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>
/// The managed assemblies a plugin's .deps.json says it ships. The runtime looks for each only when first used,
/// which may be in the middle of a fetch; checking them all at load time catches a missing dependency or a
/// half-copied folder before the build is put into service.
/// </summary>
internal static class DepsFile
{
    /// <summary>The file name of the first assembly the .deps.json names that the folder lacks; null when none is missing.</summary>
    /// <exception cref="JsonException">The file is not JSON (still being written, or not a .deps.json at all).</exception>
    public static string? FirstMissingAssembly(string depsPath, string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(depsPath));
        if (!document.RootElement.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var library in targets.EnumerateObject().SelectMany(t => t.Value.EnumerateObject()))
        {
            if (!library.Value.TryGetProperty("runtime", out var runtime) || runtime.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var asset in runtime.EnumerateObject())
            {
                // A build output holds each package's assembly by its file name, beside the plugin's own.
                var file = Path.GetFileName(asset.Name);
                if (!File.Exists(Path.Combine(folder, file)))
                {
                    return file;
                }
            }
        }

        return null;
    }
}
