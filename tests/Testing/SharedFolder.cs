namespace Maimai.Testing;

/// <summary>
/// Finds ../shared (beside the repository root), where the real DX NET pages and song lists live.
/// Tests that need it skip with a clear reason on a plain clone.
/// </summary>
public static class SharedFolder
{
    public const string MissingReason = "../shared (real DX NET pages and otoge-db lists) is not beside the repository; CI always has it.";

    /// <summary>The repository root: the nearest ancestor holding Maimai.Grpc.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The absolute path of ../shared, or null when it is absent.</summary>
    public static string? Path { get; } = Directory.Exists(System.IO.Path.Combine(RepositoryRoot, "..", "shared"))
        ? System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"))
        : null;

    public static bool IsPresent => Path is not null;

    /// <summary>A file under ../shared; call only when <see cref="IsPresent"/>.</summary>
    public static string File(params string[] parts) =>
        System.IO.Path.Combine([Path ?? throw new InvalidOperationException(MissingReason), .. parts]);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Maimai.Grpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Maimai.Grpc.sln not found above " + AppContext.BaseDirectory);
    }
}
