using System.Text.Json;
using System.Text.Json.Serialization;
using Maimai.Core.Snapshots;

namespace Maimai.Core.Exports;

/// <summary>
/// A snapshot as one JSON object: when and where it was taken, both ratings, and every chart score with exact
/// fixed-point numbers (achievementX10000, levelX10) beside their display forms.
/// </summary>
public static class ScoreJson
{
    public const string ContentType = "application/json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Write(SnapshotDetail snapshot, IEnumerable<ListedScore> scores)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(scores);
        var file = new SnapshotFile(
            snapshot.Id, snapshot.Region.ToString().ToLowerInvariant(), snapshot.TakenAt, snapshot.Rating, snapshot.Profile.SiteRating,
            [.. scores.Select(s => new ScoreEntry(
                s.ChartId, s.SongId, s.Title, s.Artist, s.Genre, s.ChartType.ToString().ToUpperInvariant(), s.Difficulty.ToString(),
                s.Level.Display, s.Level.Tenths, s.InternalLevel?.Tenths, ExportText.Achievement(s.Achievement), s.Achievement.TenThousandths,
                s.Achievement.Rank.ToString(), s.DxScore, s.DxScoreMax, s.ComboLamp.ToString(), s.SyncLamp.ToString(), s.PlayCount, s.LastPlayedAt))]);
        return JsonSerializer.SerializeToUtf8Bytes(file, Options);
    }

    private sealed record SnapshotFile(long SnapshotId, string Region, DateTimeOffset TakenAt, int? Rating, int? SiteRating, IReadOnlyList<ScoreEntry> Scores);

    private sealed record ScoreEntry(
        int ChartId,
        int SongId,
        string Title,
        string Artist,
        string Genre,
        string ChartType,
        string Difficulty,
        string Level,
        int LevelX10,
        int? InternalLevelX10,
        string Achievement,
        int AchievementX10000,
        string Rank,
        int DxScore,
        int? DxScoreMax,
        string ComboLamp,
        string SyncLamp,
        int? PlayCount,
        DateTimeOffset? LastPlayedAt);
}
