using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Silo.Storage.Plays;

namespace Maimai.Silo.Snapshots;

/// <summary>Pages the plays known as of a snapshot (played at or before it was taken), newest first.</summary>
public sealed class RecentPlayReader(RecentPlayRepository plays)
{
    public async Task<IReadOnlyList<RecordedPlay>> ListAsync(
        long userId, Region region, DateTimeOffset asOf, PlayCursor? after, int limit, Func<int, Level?> levelOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levelOf);
        var page = await plays.ListAsync(userId, region, asOf.ToUnixTimeSeconds(), after?.PlayedAtUnixSeconds ?? long.MaxValue,
            after?.Track ?? int.MaxValue, limit, cancellationToken);
        return [.. page.Select(p => ToRecorded(p, levelOf))];
    }

    private static RecordedPlay ToRecorded(RecentPlay p, Func<int, Level?> levelOf) => new(
        DateTimeOffset.FromUnixTimeSeconds(p.PlayedAt), p.Track, p.ChartId, p.Title, p.ChartType, p.Difficulty,
        p.ChartId is { } id ? levelOf(id) : null, p.Achievement, p.IsNewRecord, p.DxScore, p.DxScoreMax,
        p.ComboLamp, p.SyncLamp, p.MatchingRank, p.Venue, p.Fast, p.Late, p.MaxCombo, p.MaxComboTotal,
        p.MaxSync, p.MaxSyncTotal, p.RatingChange,
        Counts(p.Judgements?.Tap), Counts(p.Judgements?.Hold), Counts(p.Judgements?.Slide), Counts(p.Judgements?.Touch),
        Counts(p.Judgements?.Break), p.DxStars);

    private static PlayJudgementCounts? Counts(NoteJudgements? j) =>
        j is null ? null : new PlayJudgementCounts(j.CriticalPerfect, j.Perfect, j.Great, j.Good, j.Miss);
}
