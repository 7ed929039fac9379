using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Fetching;
using Maimai.Scraping.Pages;
using Maimai.Testing.Scraping;

namespace Maimai.Scraping.Tests.Fetching;

public sealed class FetchPlanTests
{
    private static ScoreListRow Row(string title, Difficulty difficulty, int? achievement, string idx = "a+b/c=", ComboLamp combo = ComboLamp.None) =>
        new("POPS＆ANIME", title, ChartType.Dx, difficulty, new Level(130), achievement is { } a ? new Achievement(a) : null,
            achievement is null ? null : 1000, achievement is null ? null : 1500, combo, SyncLamp.None,
            achievement is { } r ? new Achievement(r).Rank : null, idx);

    [Fact]
    public void Nothing_known_makes_every_played_chart_changed_and_unplayed_ones_not()
    {
        var rows = new[] { Row("A", Difficulty.Master, 1_000_000), Row("B", Difficulty.Master, null) };

        var changed = FetchPlan.ChangedRows(rows, ScrapeInputs.NothingKnown.Scores);

        Assert.Equal(["A"], changed.Select(r => r.Title));
    }

    [Fact]
    public void A_chart_changes_when_any_of_achievement_dx_score_or_lamps_moves()
    {
        var same = Row("Same", Difficulty.Expert, 990_000);
        var better = Row("Better", Difficulty.Expert, 995_000);
        var lamp = Row("Lamp", Difficulty.Expert, 990_000, combo: ComboLamp.FullCombo);
        var known = new Dictionary<ChartKey, KnownScore>
        {
            [ChartScores.KeyOf(same)] = FetchPlan.ScoreOf(same),
            [ChartScores.KeyOf(better)] = FetchPlan.ScoreOf(better) with { Achievement = new Achievement(990_000) },
            [ChartScores.KeyOf(lamp)] = FetchPlan.ScoreOf(lamp) with { ComboLamp = ComboLamp.None },
        };

        var changed = FetchPlan.ChangedRows([same, better, lamp], known);

        Assert.Equal(["Better", "Lamp"], changed.Select(r => r.Title));
    }

    [Fact]
    public void One_music_detail_page_per_song_however_many_of_its_charts_changed()
    {
        var rows = new[] { Row("A", Difficulty.Expert, 1, "idx1"), Row("A", Difficulty.Master, 1, "idx1"), Row("B", Difficulty.Master, 1, "idx2") };

        Assert.Equal(["idx1", "idx2"], FetchPlan.MusicDetailIdxs(rows));
    }

    [Fact]
    public void Only_plays_not_stored_are_new()
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        RecordEntry Entry(int track, long unix) => new(track, time, Difficulty.Master, ChartType.Dx, "T", new Level(130), null,
            new Achievement(990_000), ScoreRank.SS, false, 100, 150, false, 0, ComboLamp.None, SyncLamp.None, null,
            new PlaylogIdx(FormattableString.Invariant($"0,{unix}"), 0, unix));
        var record = new RecordPage([Entry(2, 1_700_000_200), Entry(1, 1_700_000_100)]);
        var stored = new HashSet<PlayKey> { new(1_700_000_100, 1) };

        var fresh = FetchPlan.NewPlays(record, stored);

        Assert.Equal([2], fresh.Select(e => e.Track));
    }

    [Fact]
    public void The_score_pages_are_skipped_only_when_the_play_count_is_unchanged()
    {
        var profile = new PlayerProfile("P", "", "Normal", null, 0, RatingColor.Normal, ClassRank.B5, CourseRank.Dan1, 0, 10, 120,
            new LampCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        Assert.True(FetchPlan.NeedsScores(profile, ScrapeInputs.NothingKnown));
        Assert.True(FetchPlan.NeedsScores(profile, ScrapeInputs.NothingKnown with { TotalPlayCount = 119 }));
        Assert.False(FetchPlan.NeedsScores(profile, ScrapeInputs.NothingKnown with { TotalPlayCount = 120 }));
    }

    [Fact]
    public void Idx_values_are_escaped_in_paths()
    {
        Assert.Equal("record/musicDetail/?idx=a%2Bb%2Fc%3D", FetchPlan.MusicDetailPath("a+b/c="));
        Assert.Equal("record/playlogDetail/?idx=3%2C1700000000", FetchPlan.PlaylogDetailPath(new PlaylogIdx("3,1700000000", 3, 1_700_000_000)));
        Assert.Equal("record/musicGenre/search/?genre=99&diff=10", FetchPlan.ScoreListPath(Difficulty.Utage));
    }

    [Theory]
    [InlineData("2025-06-01T03:59:59+09:00", null)]
    [InlineData("2025-06-01T04:00:00+09:00", "2025-06-01T07:00:00+09:00")]
    [InlineData("2025-06-01T06:59:59+09:00", "2025-06-01T07:00:00+09:00")]
    [InlineData("2025-06-01T07:00:00+09:00", null)]
    [InlineData("2025-05-31T20:30:00+00:00", "2025-06-01T07:00:00+09:00")]
    public void The_maintenance_window_is_four_to_seven_in_japan(string now, string? end)
    {
        var result = MaintenanceWindow.EndOf(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), result);
    }

    [Theory]
    [InlineData("clal=abc123", MaimaiTokenKind.Clal, "abc123")]
    [InlineData("userId=987", MaimaiTokenKind.UserId, "987")]
    [InlineData(" 987 ", MaimaiTokenKind.UserId, "987")]
    public void Tokens_say_which_cookie_they_are(string text, MaimaiTokenKind kind, string value)
    {
        Assert.True(MaimaiToken.TryParse(text, out var token));
        Assert.Equal(new MaimaiToken(kind, value), token);
        Assert.DoesNotContain(value, token!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("clal=")]
    [InlineData("a;b")]
    [InlineData("a b")]
    public void Bad_tokens_are_refused(string text) => Assert.False(MaimaiToken.TryParse(text, out _));
}
