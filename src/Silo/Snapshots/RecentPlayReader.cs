using System.Text.Json;
using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Plays;

namespace Maimai.Silo.Snapshots;

/// <summary>Pages the plays known as of a snapshot (played at or before it was taken), newest first.</summary>
public sealed class RecentPlayReader(Database database)
{
    public async Task<IReadOnlyList<RecordedPlay>> ListAsync(
        long userId, Region region, DateTimeOffset asOf, PlayCursor? after, int limit, Func<int, Level?> levelOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levelOf);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT played_at AS PlayedAt, track AS Track, chart_id AS ChartId, title AS Title, chart_type AS ChartType,
                difficulty AS Difficulty, achievement AS Achievement, dx_score AS DxScore, dx_score_max AS DxScoreMax,
                combo_lamp AS ComboLamp, sync_lamp AS SyncLamp, fast AS Fast, late AS Late, venue AS Venue,
                judgements AS Judgements, max_combo AS MaxCombo, max_combo_total AS MaxComboTotal, max_sync AS MaxSync,
                max_sync_total AS MaxSyncTotal, rating_change AS RatingChange, is_new_record AS IsNewRecord,
                dx_stars AS DxStars, matching_rank AS MatchingRank
            FROM detailed_scores
            WHERE user_id = @UserId AND region = @Region AND played_at <= @AsOf
              AND (played_at < @AfterPlayedAt OR (played_at = @AfterPlayedAt AND track < @AfterTrack))
            ORDER BY played_at DESC, track DESC LIMIT @Limit
            """, new
        {
            UserId = userId,
            Region = (int)region,
            AsOf = asOf.ToUnixTimeSeconds(),
            AfterPlayedAt = after?.PlayedAtUnixSeconds ?? long.MaxValue,
            AfterTrack = after?.Track ?? int.MaxValue,
            Limit = limit,
        }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToPlay(levelOf))];
    }

    private sealed class Row
    {
        public long PlayedAt { get; set; }
        public int Track { get; set; }
        public int? ChartId { get; set; }
        public string Title { get; set; } = "";
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
        public int Achievement { get; set; }
        public int DxScore { get; set; }
        public int? DxScoreMax { get; set; }
        public int ComboLamp { get; set; }
        public int SyncLamp { get; set; }
        public int? Fast { get; set; }
        public int? Late { get; set; }
        public string? Venue { get; set; }
        public string? Judgements { get; set; }
        public int? MaxCombo { get; set; }
        public int? MaxComboTotal { get; set; }
        public int? MaxSync { get; set; }
        public int? MaxSyncTotal { get; set; }
        public int? RatingChange { get; set; }
        public bool IsNewRecord { get; set; }
        public int DxStars { get; set; }
        public int? MatchingRank { get; set; }

        public RecordedPlay ToPlay(Func<int, Level?> levelOf)
        {
            var judgements = Judgements is null ? null : JsonSerializer.Deserialize<PlayJudgements>(Judgements);
            return new RecordedPlay(
                DateTimeOffset.FromUnixTimeSeconds(PlayedAt), Track, ChartId, Title, (ChartType)ChartType, (Difficulty)Difficulty,
                ChartId is { } id ? levelOf(id) : null, new Achievement(Achievement), IsNewRecord, DxScore, DxScoreMax,
                (ComboLamp)ComboLamp, (SyncLamp)SyncLamp, MatchingRank, Venue, Fast, Late, MaxCombo, MaxComboTotal,
                MaxSync, MaxSyncTotal, RatingChange,
                Counts(judgements?.Tap), Counts(judgements?.Hold), Counts(judgements?.Slide), Counts(judgements?.Touch), Counts(judgements?.Break), DxStars);
        }

        private static PlayJudgementCounts? Counts(NoteJudgements? j) =>
            j is null ? null : new PlayJudgementCounts(j.CriticalPerfect, j.Perfect, j.Great, j.Good, j.Miss);
    }
}
