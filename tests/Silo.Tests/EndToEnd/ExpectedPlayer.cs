using System.Globalization;
using SimulatorSnapshot = Maimai.DxNetSimulator.Player.SimulatorSnapshot;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Services.V1;
using ProtoNoteJudgements = Maimai.Grpc.Contracts.V1.NoteJudgements;
using SimNoteJudgements = Maimai.DxNetSimulator.Player.NoteJudgements;

namespace Maimai.Silo.Tests.EndToEnd;

/// <summary>
/// The simulator's player as the API should show it, as one text line per profile, score and play with every field
/// the API exposes that DX NET shows (so a mismatch names the item and field). The lines are built from maimai.v1
/// messages on both sides, so the comparison cannot drift from the API's own types.
/// </summary>
internal static class ExpectedPlayer
{
    public static ApiView Expect(SimulatorSnapshot sim)
    {
        var p = sim.Profile;
        var profile = new Snapshot
        {
            PlayerName = p.Name,
            Title = p.Title,
            TrophyColor = EnumMaps.TrophyColor(p.TitleColor.ToString()),
            IconUrl = p.IconId,
            SiteRating = p.Rating,
            ClassRank = EnumMaps.ClassRank.ToProto(p.ClassRank),
            CourseRank = EnumMaps.CourseRank.ToProto(p.CourseRank),
            Stars = p.Stars,
            VersionPlayCount = p.CurrentVersionPlayCount,
            TotalPlayCount = p.TotalPlayCount,
        };
        var songs = sim.Songs.ToDictionary(s => s.Id);
        var scores = sim.Scores.Select(s =>
        {
            var song = songs[s.SongId];
            return ScoreLine(new ChartScore
            {
                Title = song.Title,
                Artist = "", // no song import here: DX NET's pages do not show the artist, so discovered charts have none
                Genre = Maimai.Scraping.Identity.GenreNames.ToCatalogGenre(sim.GenreLabel(song.Genre)), // the catalog's (Japanese) genre names
                ChartType = EnumMaps.ChartType.ToProto(song.Type),
                Difficulty = EnumMaps.Difficulty.ToProto(s.Difficulty),
                LevelX10 = Displayed(song.Find(s.Difficulty)!.Level.Tenths),
                AchievementX10000 = s.Achievement.TenThousandths,
                Rank = EnumMaps.ScoreRank.ToProto(s.Rank),
                DxScore = s.DxScore,
                DxScoreMax = s.MaxDxScore,
                ComboLamp = EnumMaps.ComboLamp.ToProto(s.ComboLamp),
                SyncLamp = EnumMaps.SyncLamp.ToProto(s.SyncLamp),
                PlayCount = s.PlayCount,
                LastPlayedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(s.LastPlayed),
            });
        }).Order(StringComparer.Ordinal).ToList();
        var plays = sim.Recent.Select(r =>
        {
            var play = new RecentPlay
            {
                PlayedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(r.PlayedAt),
                Track = r.Track,
                Title = r.Title,
                ChartType = EnumMaps.ChartType.ToProto(r.Type),
                Difficulty = EnumMaps.Difficulty.ToProto(r.Difficulty),
                LevelX10 = Displayed(r.Level.Tenths),
                AchievementX10000 = r.Achievement.TenThousandths,
                Rank = EnumMaps.ScoreRank.ToProto(r.Rank),
                IsNewRecord = r.IsNewAchievementRecord,
                DxScore = r.DxScore,
                DxScoreMax = r.MaxDxScore,
                DxStars = r.DxStars,
                ComboLamp = EnumMaps.ComboLamp.ToProto(r.ComboLamp),
                SyncLamp = EnumMaps.SyncLamp.ToProto(r.SyncLamp),
                Venue = r.Venue,
                Fast = r.Fast,
                Late = r.Late,
                MaxCombo = r.MaxCombo,
                MaxComboTotal = r.TotalCombo,
                MaxSync = r.MaxSync,
                MaxSyncTotal = r.TotalSync,
                TapJudgements = Proto(r.Judgements.Tap),
                HoldJudgements = Proto(r.Judgements.Hold),
                SlideJudgements = Proto(r.Judgements.Slide),
                TouchJudgements = r.Judgements.Touch is { } touch ? Proto(touch) : null,
                BreakJudgements = Proto(r.Judgements.Break),
            };
            if (r.MatchingRank is { } rank)
            {
                play.MatchingRank = rank;
            }

            return PlayLine(play);
        }).ToList();
        return new ApiView(ProfileLine(profile), scores, plays, []);
    }

    public static string ProfileLine(Snapshot s) => string.Join(" | ",
        "name " + s.PlayerName, "title " + s.Title, "trophy " + s.TrophyColor, "icon " + IconId(s.IconUrl), "site rating " + s.SiteRating,
        "class " + s.ClassRank, "course " + s.CourseRank, "stars " + s.Stars, "version plays " + s.VersionPlayCount, "total plays " + s.TotalPlayCount);

    public static string ScoreLine(ChartScore s) => string.Join(" | ",
        s.Title, s.ChartType, s.Difficulty, "artist " + s.Artist, "genre " + s.Genre, "level " + s.LevelX10, "achievement " + s.AchievementX10000,
        "rank " + s.Rank, "dx " + s.DxScore + "/" + s.DxScoreMax, "combo " + s.ComboLamp, "sync " + s.SyncLamp,
        "plays " + (s.HasPlayCount ? s.PlayCount.ToString(CultureInfo.InvariantCulture) : "-"), "last played " + Minute(s.LastPlayedAt));

    public static string PlayLine(RecentPlay p) => string.Join(" | ",
        Minute(p.PlayedAt), "track " + p.Track, p.Title, p.ChartType, p.Difficulty, "level " + p.LevelX10, "achievement " + p.AchievementX10000,
        "rank " + p.Rank, "new record " + p.IsNewRecord, "dx " + p.DxScore + "/" + p.DxScoreMax + " stars " + p.DxStars, "combo " + p.ComboLamp,
        "sync " + p.SyncLamp, "matching " + (p.HasMatchingRank ? p.MatchingRank.ToString(CultureInfo.InvariantCulture) : "-"), "venue " + p.Venue,
        "fast/late " + p.Fast + "/" + p.Late, "max combo " + p.MaxCombo + "/" + p.MaxComboTotal, "max sync " + p.MaxSync + "/" + p.MaxSyncTotal,
        "tap " + Text(p.TapJudgements), "hold " + Text(p.HoldJudgements), "slide " + Text(p.SlideJudgements),
        "touch " + Text(p.TouchJudgements), "break " + Text(p.BreakJudgements));

    // The pages show levels as 13 or 13+ (x10: 130, 137), never the decimal.
    private static int Displayed(int tenths) => (tenths / 10 * 10) + (tenths % 10 >= 7 ? 7 : 0);

    private static string IconId(string url) => Path.GetFileNameWithoutExtension(url.Split('?')[0]);

    private static string Minute(Google.Protobuf.WellKnownTypes.Timestamp? t) =>
        t is null ? "-" : t.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static ProtoNoteJudgements Proto(SimNoteJudgements j) => new()
    {
        CriticalPerfect = j.CriticalPerfect, Perfect = j.Perfect, Great = j.Great, Good = j.Good, Miss = j.Miss,
    };

    private static string Text(ProtoNoteJudgements? j) => j is null
        ? "-"
        : string.Join("/", new[] { j.HasCriticalPerfect ? j.CriticalPerfect : -1, j.HasPerfect ? j.Perfect : -1, j.HasGreat ? j.Great : -1, j.HasGood ? j.Good : -1, j.HasMiss ? j.Miss : -1 }
            .Select(v => v < 0 ? "-" : v.ToString(CultureInfo.InvariantCulture)));
}
