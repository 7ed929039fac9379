using Maimai.Core.Game;
using Maimai.DxNetSimulator.Player;

namespace Maimai.Scraping.Tests.Simulator;

public sealed class SimulatedPlayerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_first_play_creates_the_best_with_count_time_and_new_record_flags()
    {
        var clock = new ManualClock(Start);
        await using var sim = await TestSimulator.StartAsync(o => o.TimeProvider = clock);
        var before = sim.Snapshot();
        var (song, chart) = before.Songs.SelectMany(s => s.Charts.Select(c => (s, c)))
            .First(x => before.ScoreOf(x.s.Id, x.c.Difficulty) is null && x.s.Type == ChartType.Std);
        clock.Now = Start.AddMinutes(30);

        var play = Assert.Single(sim.AddPlays([new PlayRequest(song.Id, chart.Difficulty)]));
        var after = sim.Snapshot();
        var score = after.ScoreOf(song.Id, chart.Difficulty)!;

        Assert.Equal(play, after.Recent[0]);
        Assert.Equal(Start.AddMinutes(30), play.PlayedAt);
        Assert.Equal($"{play.RingIndex},{Start.AddMinutes(30).ToUnixTimeSeconds()}", play.Idx);
        Assert.True(play.IsNewAchievementRecord);
        Assert.True(play.IsNewDxScoreRecord);
        Assert.Equal(1, score.PlayCount);
        Assert.Equal(play.PlayedAt, score.LastPlayed);
        Assert.Equal(play.Achievement, score.Achievement);
        Assert.Equal(chart.MaxDxScore, play.MaxDxScore);
        Assert.Null(play.Judgements.Touch);
        Assert.Equal(chart.Notes.Tap, play.Judgements.Tap.Total);
        Assert.Equal(chart.Notes.Hold, play.Judgements.Hold.Total);
        Assert.Equal(chart.Notes.Slide, play.Judgements.Slide.Total);
        Assert.Equal(chart.Notes.Break, play.Judgements.Break.Total);
        Assert.Equal(before.Profile.TotalPlayCount + 1, after.Profile.TotalPlayCount);
    }

    [Fact]
    public async Task A_worse_play_keeps_the_best_but_counts_and_dates_the_play()
    {
        var clock = new ManualClock(Start);
        await using var sim = await TestSimulator.StartAsync(o => o.TimeProvider = clock);
        var song = sim.Snapshot().Songs.First(s => s.Type == ChartType.Dx && !s.IsUtage);
        sim.AddPlays([new PlayRequest(song.Id, Difficulty.Master) { SkillTenths = 250 }]);
        var best = sim.Snapshot().ScoreOf(song.Id, Difficulty.Master)!;
        clock.Now = Start.AddHours(1);

        var worse = sim.AddPlays([new PlayRequest(song.Id, Difficulty.Master) { SkillTenths = 10 }])[0];
        var after = sim.Snapshot().ScoreOf(song.Id, Difficulty.Master)!;

        Assert.True(worse.Achievement < best.Achievement);
        Assert.False(worse.IsNewAchievementRecord);
        Assert.Equal(best.Achievement, after.Achievement);
        Assert.Equal(best.PlayCount + 1, after.PlayCount);
        Assert.Equal(Start.AddHours(1), after.LastPlayed);
        Assert.NotNull(worse.Judgements.Touch);
    }

    [Fact]
    public async Task The_record_keeps_50_plays_in_a_ring_with_rising_times()
    {
        var clock = new ManualClock(Start);
        await using var sim = await TestSimulator.StartAsync(o => o.TimeProvider = clock);

        sim.AddPlays(61);
        var recent = sim.Snapshot().Recent;

        Assert.Equal(50, recent.Count);
        Assert.Equal(Enumerable.Range(0, 50), recent.Select(p => p.RingIndex).Order());
        Assert.All(recent.Zip(recent.Skip(1)), pair => Assert.True(pair.First.PlayedAt > pair.Second.PlayedAt));
        Assert.All(recent.Zip(recent.Skip(1)), pair => Assert.Equal((pair.Second.RingIndex + 1) % 50, pair.First.RingIndex));
        Assert.Equal(Start, recent[0].PlayedAt);
    }

    [Fact]
    public async Task Plays_within_one_clock_tick_still_get_distinct_play_times()
    {
        var clock = new ManualClock(Start);
        await using var sim = await TestSimulator.StartAsync(o => o.TimeProvider = clock);

        var first = sim.AddPlays(3);
        var second = sim.AddPlays(3);

        var times = first.Concat(second).Select(p => p.UnixTime).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(times.Count, times.Distinct().Count());
    }

    [Fact]
    public async Task The_profile_rating_is_the_best_15_new_plus_35_others()
    {
        await using var sim = await TestSimulator.StartAsync();
        var state = sim.Snapshot();

        var targets = Rating.Targets(sim.Player.Catalog, state.Scores);

        Assert.Equal(targets.Total, state.Profile.Rating);
        Assert.True(targets.Others.Count <= Rating.OtherCount);
        Assert.True(state.Profile.Rating > 0);
    }

    [Fact]
    public void Chart_rating_follows_the_game_formula()
    {
        // 13.0 at 100.5000%: floor(13.0 × 22.4 × 1.005) = 292; at 97.0000%: floor(13.0 × 20.0 × 0.97) = 252.
        Assert.Equal(292, Rating.ForChart(new Level(130), new Achievement(1_005_000)));
        Assert.Equal(292, Rating.ForChart(new Level(130), new Achievement(1_010_000)));
        Assert.Equal(252, Rating.ForChart(new Level(130), new Achievement(970_000)));
    }

    [Fact]
    public async Task Normal_charts_never_exceed_101_percent()
    {
        await using var sim = await TestSimulator.StartAsync();
        var state = sim.Snapshot();

        Assert.All(state.Scores.Where(s => !state.Songs[s.SongId].IsUtage),
            s => Assert.True(s.Achievement <= Achievement.Max, $"{s.Achievement} on song {s.SongId}"));
    }

    [Fact]
    public async Task Bad_play_requests_are_refused()
    {
        await using var sim = await TestSimulator.StartAsync();

        Assert.Throws<ArgumentException>(() => sim.AddPlays([new PlayRequest(-1, Difficulty.Master)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.AddPlays(0));
    }
}
