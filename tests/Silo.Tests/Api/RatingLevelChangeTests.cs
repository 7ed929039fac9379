using System.Globalization;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using ChartScore = Maimai.Silo.Storage.Scores.ChartScore;
using ComboLamp = Maimai.Core.Game.ComboLamp;
using Region = Maimai.Core.Game.Region;
using SyncLamp = Maimai.Core.Game.SyncLamp;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// GetRating's changed_levels on PostgreSQL, over a player of their own ("Erin") whose stored scores carry the level
/// DX NET displayed. The seeded charts: Alpha MASTER "13+" (internal 13.9), Alpha EXPERT "12" (internal 12.5), Bravo
/// MASTER "13+" (no internal level), ＦＵＬＬ Ｗｉｄｔｈ BASIC "3" (3.0).
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class RatingLevelChangeTests(ApiFixture api)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Charts_whose_displayed_level_disagrees_with_the_songs_database_are_named_until_the_site_agrees_again()
    {
        var erin = await api.AddUserAsync("Erin" + Guid.NewGuid().ToString("N")[..8]);
        var scores = api.App.Services.GetRequiredService<ScoreRepository>();
        ChartScore Score(int chart, int achievement, int? shown) =>
            new(chart, new Achievement(achievement), 1000, ComboLamp.FullCombo, SyncLamp.None, 1, null, shown is { } tenths ? new Level(tenths) : null);
        async Task<long> SnapshotAsync(int day, params ChartScore[] charts) =>
            (await scores.WriteSnapshotAsync(api.Database, new SnapshotWrite(erin.Id, Region.Jp, T0.AddDays(day), null, new PlayerProfile("ERIN"), charts))
                .WaitAsync(ApiFixture.Timeout)).SnapshotId;

        // Alpha MASTER shown 13+ with 13.9: consistent. Alpha EXPERT shown 12+ while the database has 12 (12.5): changed.
        // Bravo MASTER shown 13 while the database has 13+: changed (and its internal level is unknown too).
        // ＦＵＬＬ Ｗｉｄｔｈ BASIC without a kept level: never named.
        var first = await SnapshotAsync(0,
            Score(api.Chart.AlphaMaster, 1_000_000, 137), Score(api.Chart.AlphaExpert, 990_000, 127),
            Score(api.Chart.BravoMaster, 980_000, 130), Score(api.Chart.FullWidthBasic, 800_000, null));
        // The next fetch reads the lists again: the same scores, and the site shows Alpha EXPERT at 12 again.
        var second = await SnapshotAsync(1,
            Score(api.Chart.AlphaMaster, 1_000_000, 137), Score(api.Chart.AlphaExpert, 990_000, 120),
            Score(api.Chart.BravoMaster, 980_000, 130), Score(api.Chart.FullWidthBasic, 800_000, null));

        var before = await RatingAsync(api.Client(erin), new GetRatingRequest { SnapshotId = Id(first) });
        Assert.Equal(
            [(Id(api.Chart.AlphaExpert), 120, 127), (Id(api.Chart.BravoMaster), 137, 130)],
            before.ChangedLevels.Select(c => (c.ChartId, c.LevelX10, c.SiteLevelX10)).OrderBy(c => c.Item1, StringComparer.Ordinal));
        Assert.Contains(Id(api.Chart.BravoMaster), before.UnknownLevels.Select(c => c.ChartId));
        // Every counted chart says what the site displayed, or nothing when it was not kept.
        var counted = before.NewBest.Concat(before.OldBest).ToDictionary(c => c.ChartId);
        Assert.Equal(137, counted[Id(api.Chart.AlphaMaster)].SiteLevelX10);
        Assert.False(counted[Id(api.Chart.FullWidthBasic)].HasSiteLevelX10);

        // The newest snapshot carries the newest read's level, with no score change; the older one keeps its own.
        var latest = await RatingAsync(api.Client(erin), new GetRatingRequest { LatestForRegion = Maimai.Grpc.Contracts.V1.Region.Jp });
        Assert.Equal(Id(second), latest.SnapshotId);
        Assert.Equal([Id(api.Chart.BravoMaster)], latest.ChangedLevels.Select(c => c.ChartId));
        Assert.Equal(before.Rating, latest.Rating);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<GetRatingResponse> RatingAsync(ApiClient client, GetRatingRequest request) =>
        (await client.CallAsync<GetRatingResponse>("/maimai.v1.InsightsService/GetRating", request).WaitAsync(ApiFixture.Timeout)).Response;
}
