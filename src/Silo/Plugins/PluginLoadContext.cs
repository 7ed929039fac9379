using System.Reflection;
using System.Runtime.Loader;

namespace Maimai.Silo.Plugins;

/// <summary>
/// One plugin's load context. The contract assemblies (Maimai.Core, Maimai.Scraping) come from the host, so
/// the plugin's types implement the host's interfaces; everything else the plugin ships (its own package
/// versions included) is resolved from its folder through its .deps.json and stays apart from the host's.
/// Framework assemblies are not in the plugin's folder and fall back to the default context.
/// </summary>
internal sealed class PluginLoadContext(string mainAssemblyPath)
    : AssemblyLoadContext(name: "plugin:" + System.IO.Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: false)
{
    /// <summary>Assemblies shared with the host: the plugin contract and the types it exposes.</summary>
    public static readonly IReadOnlySet<string> SharedAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Maimai.Core",
        "Maimai.Scraping",
    };

    private readonly AssemblyDependencyResolver _resolver = new(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && SharedAssemblies.Contains(name))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
