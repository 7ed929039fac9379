using System.Globalization;
using System.Text;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Player;

namespace Maimai.Browser.Tests;

/// <summary>
/// One chart score as the test knows it from the simulator (the site the fetch read), with the words the scores
/// table writes for it, so a test can compute which rows a filter or a sort must show.
/// </summary>
internal sealed record KnownScore(
    string Title, string Artist, ChartType Type, Difficulty Difficulty, Level DisplayedLevel, Achievement Achievement,
    ComboLamp Combo, SyncLamp Sync, int PlayCount)
{
    public ScoreRank Rank => Achievement.Rank;

    /// <summary>The row's identity in the table: title, type and difficulty as shown.</summary>
    public string Key => $"{Title}|{TypeText(Type)}|{DifficultyText(Difficulty)}";

    public string AchievementText => (Achievement.TenThousandths / 10_000m).ToString("0.0000", CultureInfo.InvariantCulture) + "%";

    /// <summary>Every played chart of <paramref name="site"/> (a fetch stores exactly these, FetchEndToEndTests).</summary>
    public static IReadOnlyList<KnownScore> Of(SimulatorSnapshot site) =>
    [
        .. site.Scores.Select(s =>
        {
            var song = site.Songs.Single(x => x.Id == s.SongId);
            var chart = song.Find(s.Difficulty)!;
            // The table shows the displayed level ("13+"), which the API sends in its conventional tenths (137).
            Assert.True(Level.TryParseDisplayed(chart.Level.Display, out var shown));
            return new KnownScore(song.Title, song.Artist, song.Type, s.Difficulty, shown, s.Achievement, s.ComboLamp, s.SyncLamp, s.PlayCount);
        }),
    ];

    /// <summary>The site's search: NFKC and case folded, every word somewhere in the text (web/src/scores.ts).</summary>
    public static string Searchable(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static string TypeText(ChartType type) => type == ChartType.Dx ? "DX" : "STD";

    public static string DifficultyText(Difficulty difficulty) => difficulty switch
    {
        Difficulty.Basic => "BASIC",
        Difficulty.Advanced => "ADVANCED",
        Difficulty.Expert => "EXPERT",
        Difficulty.Master => "MASTER",
        Difficulty.ReMaster => "Re:MASTER",
        _ => "UTAGE",
    };

    public static string ComboText(ComboLamp lamp) => lamp switch
    {
        ComboLamp.FullCombo => "FC",
        ComboLamp.FullComboPlus => "FC+",
        ComboLamp.AllPerfect => "AP",
        ComboLamp.AllPerfectPlus => "AP+",
        _ => "No combo lamp",
    };

    public static string RankText(ScoreRank rank) => rank.ToString().Replace("Plus", "+", StringComparison.Ordinal);
}

/// <summary>A row of the scores table as the page shows it.</summary>
internal sealed record ShownScore(string Title, string Type, string Difficulty, string Level, string Achievement, string Rank, string Plays)
{
    public string Key => $"{Title}|{Type}|{Difficulty}";
}
