using FsCheck;
using FsCheck.Fluent;
using Maimai.Core.Game;
using Maimai.Core.Plates;
using Maimai.Core.Snapshots;
using Microsoft.FSharp.Core;
using static Maimai.Core.Tests.Plates.PlateLibrary;

namespace Maimai.Core.Tests.Plates;

/// <summary>Plate progress checked by FsCheck on generated libraries and scores (fixed replay seed).</summary>
public sealed class PlatePropertyTests
{
    private static readonly Config Checked = Config.QuickThrowOnFailure
        .WithMaxTest(300)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20_261_206UL, 1_442_695_040_888_963_407UL), FSharpOption<int>.None)));

    private static readonly string[] Versions = ["maimai", "GreeN", "FiNALE", "DX", "DX PLUS", "PRiSM PLUS", "CiRCLE"];

    // A chart is unplayed, or played with a lamp and an achievement near the SSS bound.
    private static readonly Gen<ListedScore?> Scores =
        from played in Gen.Elements(true, true, false)
        from achievement in Gen.OneOf(Gen.Choose(990_000, 1_010_000), Gen.Elements(999_999, 1_000_000))
        from combo in Gen.Elements(Enum.GetValues<ComboLamp>())
        from sync in Gen.Elements(Enum.GetValues<SyncLamp>())
        select played ? Score(0, achievement, combo, sync) : null;

    private static readonly Gen<(string Version, bool ReMaster, ListedScore?[] Scores)[]> Songs =
        (from version in Gen.Elements(Versions)
         from reMaster in Gen.Elements(true, false)
         from scores in Gen.ArrayOf(Scores, 5)
         select (version, reMaster, scores)).ArrayOf().Select(a => a.Take(12).ToArray());

    [Fact]
    public void A_plate_is_complete_exactly_when_every_counted_chart_meets_it()
    {
        Prop.ForAll(Songs.ToArbitrary(), songs =>
        {
            var library = Of([.. songs.Select((s, i) => Standard(i + 1, s.Version, s.ReMaster))]);
            var scores = songs.SelectMany((s, i) => s.Scores.Select((score, d) => score is null ? null : score with { ChartId = ((i + 1) * 10) + d }))
                .Where(s => s is not null && library.TryGetChart(s.ChartId, out _, out _)).Cast<ListedScore>().ToArray();
            var byChart = scores.ToDictionary(s => s.ChartId);

            foreach (var plate in PlateCheck.For(library, Region.Jp, scores))
            {
                // Counted independently of PlateCheck: the group's versions, BASIC to MASTER (and Re:MASTER for 舞).
                var counted = library.Songs
                    .Where(s => GameVersion.TryFromVersionCode(s.VersionCode, out var v) && plate.Group.Spans(v))
                    .SelectMany(s => s.Charts)
                    .Where(c => c.Difficulty != Difficulty.ReMaster || plate.Group.Name == "舞")
                    .ToArray();
                var allMet = counted.All(c => byChart.TryGetValue(c.Id, out var s) && plate.Kind.IsMetBy(new PlateScore(s.Achievement, s.ComboLamp, s.SyncLamp)));
                if (plate.IsComplete != (counted.Length > 0 && allMet) || plate.Total != counted.Length
                    || plate.Done + plate.Missing.Count != plate.Total || plate.Missing.Any(m => plate.Kind.IsMetBy(m.Score)))
                {
                    return false;
                }
            }

            return true;
        }).Check(Checked);
    }
}
