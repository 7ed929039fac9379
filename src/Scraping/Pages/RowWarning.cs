namespace Maimai.Scraping.Pages;

/// <summary>
/// One entry of an otherwise readable page that the parser could not read: a record entry, a score list row or a
/// playlogDetail play. It is kept, never guessed: <see cref="Fragment"/> is the entry's own markup with every
/// token and session value removed (<see cref="RawFragment"/>), so a newer parser can read it again later.
/// </summary>
/// <param name="Kind">The page it came from (Record, ScoreList or PlaylogDetail).</param>
/// <param name="Reason">Why the parser refused it, in a few words.</param>
/// <param name="Fragment">The scrubbed HTML, which <see cref="RowReparser"/> reads on its own.</param>
public sealed record RowWarning(DxNetPageKind Kind, string Reason, string Fragment);

/// <summary>
/// A page of the expected kind whose single entry could not be read (a playlogDetail page is one play): the fetch
/// keeps the <see cref="Warning"/> and goes on, where any other <see cref="PageFailure"/> ends it.
/// </summary>
public sealed record UnreadableEntry(RowWarning Warning) : PageFailure
{
    public override string Message => $"Not a readable {Warning.Kind} entry: {Warning.Reason}.";
}
