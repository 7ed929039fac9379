using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>
/// One load of one plugin folder: its own collectible load context. Reference counted: the registry holds one
/// reference while the build serves new fetches and each lease holds one more; the context is unloaded when the
/// last one is released, so a fetch that started on this build finishes on it even after a newer build took over.
/// </summary>
internal sealed class PluginBuild(string folder, AssemblyName entry, AssemblyLoadContext context, ILogger logger)
{
    private AssemblyLoadContext? _context = context;
    private int _references = 1;
    private int _retired;

    public string Folder => folder;

    /// <summary>The entry assembly's name, for logs.</summary>
    public string Assembly { get; } = entry.Name ?? entry.FullName;

    /// <summary>The entry assembly's version, which tells two builds apart in logs.</summary>
    public string Version { get; } = entry.Version?.ToString() ?? "?";

    /// <summary>When this build was loaded (the service clock), so an admin can tell a hot reload happened.</summary>
    public DateTimeOffset LoadedAt { get; init; }

    /// <summary>Adds a lease's reference; false once the build is unloaded (a newer build has been published by then).</summary>
    public bool TryAddLease()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var before = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (before == seen)
            {
                return true;
            }

            seen = before;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Unload();
        }
    }

    /// <summary>The registry's own release, once this build no longer serves new fetches.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            Release();
        }
    }

    private void Unload()
    {
        // Unload only starts here: the runtime frees the context once nothing references its types any more.
        Interlocked.Exchange(ref _context, null)?.Unload();
        PluginLog.Unloaded(logger, folder, Assembly, Version);
    }
}
