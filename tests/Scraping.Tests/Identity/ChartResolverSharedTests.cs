using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Scraping.Identity;
using Maimai.Scraping.Pages;
using Maimai.Scraping.Tests.Pages;
using Maimai.Testing;
using Xunit.Abstractions;

namespace Maimai.Scraping.Tests.Identity;

/// <summary>Resolves every row of the four full score lists against otoge-db's international song list.</summary>
public sealed class ChartResolverSharedTests(ITestOutputHelper output)
{
    private static readonly Lazy<SongCatalog> Catalog = new(() => OtogeDbSongList.Load(SharedFolder.File("data", "otoge-db", "music-ex-intl.json")));

    [SharedFact]
    public void Every_score_row_resolves_to_exactly_one_chart()
    {
        var resolver = new ChartResolver(Catalog.Value);
        var unmatched = new List<DiscoveredChart>();
        var known = new List<KnownChart>();
        foreach (var file in new[] { Fixtures.Basic, Fixtures.Advanced, Fixtures.Expert, Fixtures.Master })
        {
            var page = PageResultAssert.Parsed(ScoreListPageParser.Parse(Fixtures.Html(file), Region.Intl));
            foreach (var row in page.Rows)
            {
                switch (resolver.Resolve(row))
                {
                    case KnownChart k:
                        known.Add(k);
                        break;
                    case DiscoveredChart d:
                        unmatched.Add(d);
                        break;
                }
            }
        }

        output.WriteLine($"rows: {known.Count + unmatched.Count}, matched: {known.Count}, unmatched: {unmatched.Count}");
        foreach (var d in unmatched)
        {
            output.WriteLine($"  {d.Scraped.Genre} | {d.Scraped.Title} | {d.Scraped.Type} {d.Scraped.Difficulty}: {d.Reason}");
        }

        Assert.Equal(4 * 1357, known.Count + unmatched.Count);
        Assert.Empty(unmatched);

        // No two rows land on the same chart.
        Assert.Equal(known.Count, known.Select(k => (k.Song.Key, k.Chart.Type, k.Chart.Difficulty)).Distinct().Count());
    }

    [SharedFact]
    public void Recent_plays_resolve_by_title_type_difficulty_and_jacket()
    {
        var resolver = new ChartResolver(Catalog.Value);
        var entries = PageResultAssert.Parsed(RecordPageParser.Parse(Fixtures.Html(Fixtures.Record), Region.Intl)).Entries;

        var matches = entries.Select(resolver.Resolve).ToList();

        Assert.All(matches, m => Assert.True(m is KnownChart, (m as DiscoveredChart)?.Reason));
        Assert.All(matches.Cast<KnownChart>(), m => Assert.Equal(ChartResolver.JacketFile(entries.First(e => e.Title == m.Song.Title).JacketUrl), m.Song.ImageFile));
    }

    [SharedFact]
    public void The_traps_land_on_distinct_songs()
    {
        var resolver = new ChartResolver(Catalog.Value);
        var rows = PageResultAssert.Parsed(ScoreListPageParser.Parse(Fixtures.Html(Fixtures.Master), Region.Intl)).Rows;

        var links = rows.Where(r => r.Title == "Link").Select(r => Assert.IsType<KnownChart>(resolver.Resolve(r))).ToList();
        Assert.Equal(["maimai", "niconico＆ボーカロイド"], links.Select(l => l.Song.Genre).Order());
        Assert.NotEqual(links[0].Song.ImageFile, links[1].Song.ImageFile);

        var trust = Assert.IsType<KnownChart>(resolver.Resolve(rows.Single(r => r.Title == "Trust")));
        var upper = Assert.IsType<KnownChart>(resolver.Resolve(rows.Single(r => r.Title == "TRUST")));
        Assert.Equal(("Trust", "TRUST"), (trust.Song.Title, upper.Song.Title));

        var blank = Assert.IsType<KnownChart>(resolver.Resolve(rows.Single(r => r.Title == "\u3000")));
        Assert.Equal("POPS＆アニメ", blank.Song.Genre);
    }
}
