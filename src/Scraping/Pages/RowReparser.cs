namespace Maimai.Scraping.Pages;

/// <summary>What reading a stored <see cref="RowWarning"/> again gave: exactly one value, or why it is still unreadable.</summary>
public sealed record RowReparse(RecordEntry? Entry, ScoreListRow? Row, PlayDetail? Play, string? Problem)
{
    public bool IsRead => Problem is null;

    internal static RowReparse Unreadable(string problem) => new(null, null, null, problem);
}

/// <summary>Reads a stored <see cref="RowWarning.Fragment"/> with this build's row parsers (the same code a fetch runs).</summary>
public static class RowReparser
{
    public static RowReparse Reparse(RowWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        switch (warning.Kind)
        {
            case DxNetPageKind.Record:
                return RecordPageParser.TryReadFragment(warning.Fragment, out var entry, out var problem)
                    ? new RowReparse(entry, null, null, null)
                    : RowReparse.Unreadable(problem);
            case DxNetPageKind.ScoreList:
                return ScoreListPageParser.TryReadFragment(warning.Fragment, out var row, out problem)
                    ? new RowReparse(null, row, null, null)
                    : RowReparse.Unreadable(problem);
            case DxNetPageKind.PlaylogDetail:
                return PlaylogDetailPageParser.TryReadFragment(warning.Fragment, out var play, out problem)
                    ? new RowReparse(null, null, play, null)
                    : RowReparse.Unreadable(problem);
            default:
                return RowReparse.Unreadable($"{warning.Kind} pages keep no row warnings");
        }
    }
}
