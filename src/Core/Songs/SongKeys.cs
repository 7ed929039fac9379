namespace Maimai.Core.Songs;

/// <summary>
/// Builds a song's natural key. Title plus jacket file tells every normal song apart (two songs are called
/// "Link"); utage songs may also share both (five 宴 charts of one song), so their comment joins the key.
/// </summary>
public static class SongKeys
{
    private const char Separator = '\u001f';

    public static string For(string title, string imageFile, string? utageComment = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(imageFile);
        return utageComment is null
            ? string.Concat(title, Separator.ToString(), imageFile)
            : string.Concat(title, Separator.ToString(), imageFile, Separator.ToString(), utageComment);
    }
}
