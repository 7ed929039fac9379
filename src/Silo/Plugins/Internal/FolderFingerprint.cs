using System.Globalization;
using System.Text;

namespace Maimai.Silo.Plugins.Internal;

/// <summary>
/// What a plugin folder holds, cheaply: every file's path, size and last write time. A new build differs in at least
/// one of them; an unrelated file-system event (a read, a touch of the folder) leaves it equal, so it reloads nothing.
/// </summary>
internal static class FolderFingerprint
{
    /// <summary>The fingerprint; null when the folder is gone. A folder changing under our feet gets one nothing equals.</summary>
    public static string? Of(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        try
        {
            var text = new StringBuilder();
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                text.Append(file.FullName).Append('|')
                    .Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                    .Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            return text.ToString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file vanished while we listed it: a copy is under way. Look again once it holds still.
            return "changing:" + Guid.NewGuid().ToString("N");
        }
    }
}
