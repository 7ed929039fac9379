namespace Maimai.Scraping.Pages;

/// <summary>
/// One play in detail (/record/playlogDetail/?idx=NN,unixtime): the record entry plus the judgement table,
/// fast/late, max combo and max sync, venue and rating change.
/// </summary>
/// <param name="MaxSync">Null when the page shows none (no sync play).</param>
/// <param name="Venue">The arcade (#placeName), null when absent.</param>
/// <param name="RatingAfter">The rating shown after the play, null when the page shows none.</param>
/// <param name="RatingChange">The signed change shown beside it ("(+5)"), null when absent.</param>
public sealed record PlayDetail(
    RecordEntry Record,
    JudgementTable Judgements,
    int Fast,
    int Late,
    Fraction MaxCombo,
    Fraction? MaxSync,
    string? Venue,
    int? RatingAfter,
    int? RatingChange);

/// <summary>Counts per note type; a row is null-celled where a judgement does not apply (empty on the page).</summary>
public sealed record JudgementTable(
    JudgementRow Tap,
    JudgementRow Hold,
    JudgementRow Slide,
    JudgementRow Touch,
    JudgementRow Break);

/// <summary>One note type's counts; null for an empty cell.</summary>
public sealed record JudgementRow(int? CriticalPerfect, int? Perfect, int? Great, int? Good, int? Miss);

/// <summary>An "x/y" figure such as max combo 512/600.</summary>
public readonly record struct Fraction(int Value, int Total)
{
    public override string ToString() => $"{Value}/{Total}";
}
