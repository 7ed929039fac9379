using Maimai.Core.Game;

namespace Maimai.Scraping.Contract;

/// <summary>What a scrape needs: the player's session and what we already stored, so only changes are read.</summary>
public sealed record ScrapeRequest(DxNetSession Session, KnownState Known)
{
    /// <summary>
    /// Stop after the record (the snapshot's pages): the host reads playlogDetail and musicDetail afterwards with
    /// <see cref="IRegionScraper.ReadDetailsAsync"/>. Only for a scraper that <see cref="IRegionScraper.ReadsDetailsLater"/>.
    /// </summary>
    public bool DetailsLater { get; init; }
}

/// <summary>
/// The player's way in: the maimai token they gave us, plus the DX NET session cookies a previous fetch
/// returned (<see cref="ScrapeResult.SessionCookies"/>), which are tried first.
/// </summary>
public sealed record DxNetSession(MaimaiToken Token, IReadOnlyDictionary<string, string> Cookies);

/// <summary>Which cookie a token is.</summary>
public enum MaimaiTokenKind
{
    /// <summary>A DX NET session cookie value ("userId"); both sites.</summary>
    UserId = 1,

    /// <summary>The international login gateway's "remember me" cookie ("clal"), traded for a userId at each fetch.</summary>
    Clal = 2,
}

/// <summary>The token a player gives us. Never logged: <see cref="ToString"/> hides the value.</summary>
public sealed record MaimaiToken(MaimaiTokenKind Kind, string Value)
{
    /// <summary>Reads "clal=…", "userId=…" or a bare value (a userId).</summary>
    public static bool TryParse(string? text, out MaimaiToken? token)
    {
        token = null;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var kind = MaimaiTokenKind.UserId;
        if (value.StartsWith("clal=", StringComparison.OrdinalIgnoreCase))
        {
            (kind, value) = (MaimaiTokenKind.Clal, value[5..]);
        }
        else if (value.StartsWith("userId=", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..];
        }

        // A cookie value: no separators, no whitespace, no control characters.
        if (value.Length == 0 || value.Length > 4096 || value.Any(c => c <= ' ' || c is ';' or ',' or '"' or '\\' || c > '~'))
        {
            return false;
        }

        token = new MaimaiToken(kind, value);
        return true;
    }

    public override string ToString() => $"{Kind} token ({Value.Length} characters)";
}

/// <summary>
/// What the store already has for this player and region: the total play count of the last snapshot, the
/// recent plays already stored, and every chart's current best (to tell which charts changed).
/// </summary>
/// <param name="TotalPlayCount">The last snapshot's total play count; null before the first snapshot.</param>
public sealed record KnownState(
    int? TotalPlayCount,
    IReadOnlySet<PlayKey> StoredPlays,
    IReadOnlyDictionary<ChartKey, KnownScore> Scores);

/// <summary>A stored play: its time in unix seconds (the second half of the playlogDetail idx) and its track.</summary>
public readonly record struct PlayKey(long UnixTime, int Track);

/// <summary>
/// One chart as the score lists name it: genre heading, title, chart type and difficulty. Titles alone are not
/// unique (the same title exists in two genres), and the musicDetail idx is opaque, so this is the key.
/// </summary>
public readonly record struct ChartKey(string Genre, string Title, ChartType Type, Difficulty Difficulty);

/// <summary>A chart's stored best; a change in any field makes the scraper read its musicDetail.</summary>
public readonly record struct KnownScore(Achievement Achievement, int DxScore, ComboLamp ComboLamp, SyncLamp SyncLamp);
