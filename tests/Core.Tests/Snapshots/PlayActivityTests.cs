using Maimai.Core.Snapshots;

namespace Maimai.Core.Tests.Snapshots;

/// <summary>
/// Plays per day as credits: stored tracks grouped into credits, and the play counts' gains placed on a day only when
/// the window they fell in lies within it.
/// </summary>
public sealed class PlayActivityTests
{
    private static readonly DateTimeOffset Day1 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DayRange May = new(new DateOnly(2025, 5, 1), new DateOnly(2025, 5, 31), TimeSpan.Zero);

    [Fact]
    public void Tracks_count_as_credits_and_a_credit_whose_first_tracks_were_not_stored_still_counts_once()
    {
        // Tracks 3 and 4 of a credit whose first two DX NET no longer listed, then a whole credit, then a credit of one track.
        var tracks = new[] { (3, 10), (4, 15), (1, 20), (2, 25), (3, 30), (4, 35), (1, 40) }
            .Select(t => (Day1.AddHours(12).AddMinutes(t.Item2), t.Item1)).ToList();

        var activity = PlayActivity.Compute(May, [], tracks);

        Assert.Equal([new PlayDay(new DateOnly(2025, 5, 1), 3, PlayCountSource.RecentPlays)], activity.Days);
        Assert.Empty(activity.Spans);
    }

    [Fact]
    public void Counted_plays_beyond_the_stored_ones_go_on_their_day_only_when_the_window_is_one_day()
    {
        List<PlayCountAt> snapshots =
        [
            new(Day1.AddHours(8), 50),
            new(Day1.AddHours(22), 53), // 3 more the same day, none stored
            new(Day1.AddDays(2).AddHours(22), 60), // 7 more over three days, 2 stored on the third
            new(Day1.AddDays(3).AddHours(9), null), // no count: nothing derived either side
            new(Day1.AddDays(3).AddHours(10), 99),
        ];
        List<(DateTimeOffset, int)> tracks = [(Day1.AddDays(2).AddHours(20), 1), (Day1.AddDays(2).AddHours(21), 1)];

        var activity = PlayActivity.Compute(May, snapshots, tracks);

        Assert.Equal(
            [new PlayDay(new DateOnly(2025, 5, 1), 3, PlayCountSource.PlayCounts), new PlayDay(new DateOnly(2025, 5, 3), 2, PlayCountSource.RecentPlays)],
            activity.Days);
        Assert.Equal([new PlaySpan(new DateOnly(2025, 5, 1), new DateOnly(2025, 5, 3), 5)], activity.Spans);
    }

    [Fact]
    public void Judgement_trend_by_plays_keeps_the_newest_group_whole()
    {
        var plays = Enumerable.Range(0, 7).Select(i => new PlayTiming(Day1.AddMinutes(i), 1, i, 10)).ToList();

        var trend = JudgementTrend.ByPlays(plays, 3);

        Assert.Equal([1, 3, 3], trend.Points.Select(p => p.Plays));
        Assert.Equal((0 + 1 + 2 + 3 + 4 + 5 + 6, 70, 7), (trend.Total!.Fast, trend.Total.Late, trend.Total.Plays));
        Assert.Equal(Day1.AddMinutes(6), trend.Points[^1].To);
    }
}
