using Maimai.Core.Game;

namespace Maimai.Scraping.Pages;

/// <summary>One song's detail page (/record/musicDetail/?idx=…): every chart of one chart type.</summary>
/// <param name="Title">May be a single full-width space "　" (a real song's title).</param>
/// <param name="Artist">Null when the page shows no artist.</param>
public sealed record MusicDetail(
    string Title,
    string? Artist,
    string Genre,
    ChartType Type,
    string? JacketUrl,
    IReadOnlyList<MusicDetailChart> Charts);

/// <summary>One chart of the song; the best-score fields are null when it was never played.</summary>
public sealed record MusicDetailChart(
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    DateTimeOffset? LastPlayed,
    int? PlayCount,
    Achievement? Achievement,
    int? DxScore,
    int? MaxDxScore,
    ScoreRank? Rank,
    ComboLamp ComboLamp,
    SyncLamp SyncLamp,
    int DxStars);
