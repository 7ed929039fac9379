using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Songs;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>
/// What the database knows before a fetch: the songs (the node's shared load, checked against the songs revision), the latest snapshot and its score set, and the stored
/// plays, turned into the <see cref="KnownState"/> the scraper uses to read only what changed.
/// </summary>
internal sealed record FetchBaseline(
    ChartDirectory Charts,
    Snapshot? Latest,
    IReadOnlyDictionary<int, ChartScore> Scores,
    KnownState Known)
{
    // DX NET lists the last 50 plays; a margin covers tracks sharing a time.
    private const int StoredPlaysRead = 200;

    public static async Task<FetchBaseline> LoadAsync(SongCache songs, SnapshotRepository snapshots, ScoreRepository scoreRepository,
        RecentPlayRepository plays, long userId, Region region, CancellationToken cancellationToken)
    {
        var charts = (await songs.GetCurrentAsync(cancellationToken)).ChartsFor(region);
        var latest = await snapshots.GetLatestAsync(userId, region, cancellationToken);
        var stored = latest is null ? [] : await scoreRepository.ReadSnapshotScoresAsync(userId, region, latest.Id, cancellationToken);
        var scores = stored.ToDictionary(s => s.Score.ChartId, s => s.Score);

        var known = new Dictionary<ChartKey, KnownScore>();
        foreach (var score in scores.Values)
        {
            if (charts.Find(score.ChartId) is { } chart)
            {
                known[charts.KeyOf(chart)] = new KnownScore(score.Achievement, score.DxScore, score.ComboLamp, score.SyncLamp);
            }
        }

        var playKeys = (await plays.ListKeysAsync(userId, region, StoredPlaysRead, cancellationToken)).Select(p => new PlayKey(p.PlayedAt, p.Track)).ToHashSet();
        return new FetchBaseline(charts, latest, scores, new KnownState(latest?.Profile.TotalPlayCount, playKeys, known));
    }
}
