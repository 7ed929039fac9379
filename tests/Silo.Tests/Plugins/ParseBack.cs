using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;
using Maimai.DxNetSimulator.Player;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;

namespace Maimai.Silo.Tests.Plugins;

/// <summary>
/// "Every simulated page parses back to exactly the state it was rendered from": a scrape's result against the
/// simulator's snapshot, field by field.
/// </summary>
internal static class ParseBack
{
    public static void AssertMatches(SimulatorSnapshot state, ScrapedData data)
    {
        Profile(state, data.Profile);
        if (!data.Scores.IsUnchanged)
        {
            Scores(state, data.Scores.Rows);
        }

        if (data.Record is { } record)
        {
            Assert.Equal(state.Recent.Count, record.Entries.Count);
            foreach (var (play, entry) in state.Recent.Zip(record.Entries))
            {
                Entry(state, play, entry);
                Assert.Equal(play.Idx, entry.Idx!.Raw);
            }
        }

        foreach (var detail in data.NewPlays)
        {
            var play = state.Recent.Single(p => p.Idx == detail.Record.Idx!.Raw);
            Entry(state, play, detail.Record);
            Judgements(play, detail);
        }

        foreach (var music in data.MusicDetails)
        {
            MusicDetail(state, music);
        }
    }

    public static Song SongOf(SimulatorSnapshot state, MusicDetail music) =>
        state.Songs.Single(s => s.Title == music.Title && s.Type == music.Type && state.GenreLabel(s.Genre) == music.Genre);

    private static void Profile(SimulatorSnapshot state, Core.Players.PlayerProfile parsed)
    {
        var profile = state.Profile;
        Assert.Equal(profile.Name, parsed.PlayerName);
        Assert.Equal(profile.Title, parsed.Title);
        Assert.Equal(profile.TitleColor.ToString(), parsed.TrophyColor);
        Assert.Equal(profile.Rating, parsed.SiteRating);
        Assert.Equal(profile.ClassRank, parsed.ClassRank);
        Assert.Equal(profile.CourseRank, parsed.CourseRank);
        Assert.Equal(profile.Stars, parsed.Stars);
        Assert.Equal(profile.CurrentVersionPlayCount, parsed.VersionPlayCount);
        Assert.Equal(profile.TotalPlayCount, parsed.TotalPlayCount);
        Assert.Contains(profile.IconId, parsed.IconUrl, StringComparison.Ordinal);

        var lamps = parsed.LampCounts!;
        var scores = state.Scores.Where(s => s.Difficulty != Difficulty.Utage).ToList();
        Assert.Equal(state.Songs.Sum(s => s.Charts.Count(c => c.Difficulty != Difficulty.Utage)), lamps.Total);
        Assert.Equal(
            [
                scores.Count(s => s.Rank >= ScoreRank.A), scores.Count(s => s.Rank >= ScoreRank.S), scores.Count(s => s.Rank >= ScoreRank.SPlus),
                scores.Count(s => s.Rank >= ScoreRank.SS), scores.Count(s => s.Rank >= ScoreRank.SSPlus), scores.Count(s => s.Rank >= ScoreRank.SSS),
                scores.Count(s => s.Rank >= ScoreRank.SSSPlus),
                scores.Count(s => s.ComboLamp >= ComboLamp.FullCombo), scores.Count(s => s.ComboLamp >= ComboLamp.FullComboPlus),
                scores.Count(s => s.ComboLamp >= ComboLamp.AllPerfect), scores.Count(s => s.ComboLamp >= ComboLamp.AllPerfectPlus),
                scores.Count(s => s.SyncLamp >= SyncLamp.SyncPlay), scores.Count(s => s.SyncLamp >= SyncLamp.FullSync),
                scores.Count(s => s.SyncLamp >= SyncLamp.FullSyncPlus), scores.Count(s => s.SyncLamp >= SyncLamp.FullSyncDx),
                scores.Count(s => s.SyncLamp >= SyncLamp.FullSyncDxPlus),
                scores.Count(s => s.DxStars >= 1), scores.Count(s => s.DxStars >= 2), scores.Count(s => s.DxStars >= 3),
                scores.Count(s => s.DxStars >= 4), scores.Count(s => s.DxStars >= 5),
            ],
            [
                lamps.Clear, lamps.S, lamps.SPlus, lamps.SS, lamps.SSPlus, lamps.SSS, lamps.SSSPlus,
                lamps.FullCombo, lamps.FullComboPlus, lamps.AllPerfect, lamps.AllPerfectPlus,
                lamps.SyncPlay, lamps.FullSync, lamps.FullSyncPlus, lamps.FullSyncDx, lamps.FullSyncDxPlus,
                lamps.DxStar1, lamps.DxStar2, lamps.DxStar3, lamps.DxStar4, lamps.DxStar5,
            ]);
    }

    private static void Scores(SimulatorSnapshot state, IReadOnlyList<ScoreListRow> rows)
    {
        var byIdx = state.Songs.ToDictionary(s => s.MusicDetailIdx, StringComparer.Ordinal);
        var seen = new HashSet<(int, Difficulty)>();
        foreach (var row in rows)
        {
            var song = byIdx[row.MusicDetailIdx];
            var chart = song.Find(row.Difficulty);
            Assert.NotNull(chart);
            Assert.True(seen.Add((song.Id, row.Difficulty)), $"{song.Title} {row.Difficulty} listed twice");
            Assert.Equal(song.Title, row.Title);
            Assert.Equal(song.Type, row.Type);
            Assert.Equal(state.GenreLabel(song.Genre), row.Heading);
            Assert.Equal(chart.Level.Display, row.Level.Display);
            var score = state.ScoreOf(song.Id, row.Difficulty);
            Assert.Equal(score?.Achievement, row.Achievement);
            Assert.Equal(score?.DxScore, row.DxScore);
            Assert.Equal(score?.MaxDxScore, row.MaxDxScore);
            Assert.Equal(score?.Rank, row.Rank);
            Assert.Equal(score?.ComboLamp ?? ComboLamp.None, row.ComboLamp);
            Assert.Equal(score?.SyncLamp ?? SyncLamp.None, row.SyncLamp);
        }

        Assert.Equal(state.Songs.Sum(s => s.Charts.Count), seen.Count);
    }

    private static void Entry(SimulatorSnapshot state, PlayRecord play, RecordEntry entry)
    {
        Assert.Equal(play.Track, entry.Track);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(play.UnixTime - (play.UnixTime % 60)), entry.PlayedAt);
        Assert.Equal(play.Title, entry.Title);
        Assert.Equal(play.Type, entry.Type);
        Assert.Equal(play.Difficulty, entry.Difficulty);
        Assert.Equal(play.Level.Display, entry.Level.Display);
        Assert.Equal(play.Achievement, entry.Achievement);
        Assert.Equal(play.Rank, entry.Rank);
        Assert.Equal(play.IsNewAchievementRecord, entry.IsNewRecord);
        Assert.Equal(play.DxScore, entry.DxScore);
        Assert.Equal(play.MaxDxScore, entry.MaxDxScore);
        Assert.Equal(play.IsNewDxScoreRecord, entry.IsDxScoreNewRecord);
        Assert.Equal(play.DxStars, entry.DxStars);
        Assert.Equal(play.ComboLamp, entry.ComboLamp);
        Assert.Equal(play.SyncLamp, entry.SyncLamp);
        Assert.Equal(play.MatchingRank, entry.MatchingRank);
        Assert.Equal(state.Songs[play.SongId].Find(play.Difficulty)!.IsBuddy, entry.IsBuddy);
    }

    private static void Judgements(PlayRecord play, PlayDetail detail)
    {
        Row(play.Judgements.Tap, detail.Judgements.Tap);
        Row(play.Judgements.Hold, detail.Judgements.Hold);
        Row(play.Judgements.Slide, detail.Judgements.Slide);
        Row(play.Judgements.Touch, detail.Judgements.Touch);
        Row(play.Judgements.Break, detail.Judgements.Break);
        Assert.Equal(play.Fast, detail.Fast);
        Assert.Equal(play.Late, detail.Late);
        Assert.Equal(new Fraction(play.MaxCombo, play.TotalCombo), detail.MaxCombo);
        Assert.Equal(new Fraction(play.MaxSync, play.TotalSync), detail.MaxSync);
        Assert.Equal(play.Venue, detail.Venue);
    }

    private static void Row(NoteJudgements? expected, JudgementRow parsed) =>
        Assert.Equal(
            expected is null ? new JudgementRow(null, null, null, null, null)
                : new JudgementRow(expected.CriticalPerfect, expected.Perfect, expected.Great, expected.Good, expected.Miss),
            parsed);

    private static void MusicDetail(SimulatorSnapshot state, MusicDetail music)
    {
        var song = SongOf(state, music);
        Assert.Equal(song.Artist, music.Artist);
        Assert.Equal(song.Charts.Select(c => c.Difficulty), music.Charts.Select(c => c.Difficulty));
        foreach (var (chart, parsed) in song.Charts.Zip(music.Charts))
        {
            var score = state.ScoreOf(song.Id, chart.Difficulty);
            Assert.Equal(chart.Level.Display, parsed.Level.Display);
            Assert.Equal(score?.PlayCount, parsed.PlayCount);
            Assert.Equal(score is null ? null : DateTimeOffset.FromUnixTimeSeconds(score.LastPlayed.ToUnixTimeSeconds() / 60 * 60), parsed.LastPlayed);
            Assert.Equal(score?.Achievement, parsed.Achievement);
            Assert.Equal(score?.DxScore, parsed.DxScore);
            Assert.Equal(score?.MaxDxScore, parsed.MaxDxScore);
            Assert.Equal(score?.Rank, parsed.Rank);
            Assert.Equal(score?.ComboLamp ?? ComboLamp.None, parsed.ComboLamp);
            Assert.Equal(score?.SyncLamp ?? SyncLamp.None, parsed.SyncLamp);
            Assert.Equal(score?.DxStars ?? 0, parsed.DxStars);
        }
    }
}
