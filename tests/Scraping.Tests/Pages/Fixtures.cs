using System.Collections.Concurrent;
using Maimai.Testing;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>The real DX NET pages under ../shared/fixtures/dxnet/intl, read once per test run.</summary>
internal static class Fixtures
{
    public const string Player = "player_data/player_data.html";
    public const string Record = "recent/record.html";
    public const string Basic = "scores/diff0_basic.html";
    public const string Advanced = "scores/diff1_advanced.html";
    public const string Expert = "scores/diff2_expert.html";
    public const string Master = "scores/diff3_master.html";
    public const string ReMaster = "scores/diff4_remaster.html";
    public const string Version17 = "scores/version17_universe_diff0.html";
    public const string Level13 = "internal_level_pages/level13.html";
    public const string RatingTarget = "rating_target/rating_target_music.html";
    public const string Example1 = "music_detail/example1.html";
    public const string Example2 = "music_detail/example2.html";
    public const string MissingArtist = "music_detail/missing_artist.html";
    public const string MissingTitle = "music_detail/missing_title.html";

    /// <summary>Every page in the fixture folder, so a new page cannot go untested.</summary>
    public static readonly string[] All =
    [
        Player, Record, Basic, Advanced, Expert, Master, ReMaster, Version17, Level13, RatingTarget,
        Example1, Example2, MissingArtist, MissingTitle,
    ];

    public static readonly string[] ScoreLists = [Basic, Advanced, Expert, Master, ReMaster, Version17, Level13];

    public static readonly string[] MusicDetails = [Example1, Example2, MissingArtist, MissingTitle];

    private static readonly ConcurrentDictionary<string, string> Cache = new();

    public static string Html(string relative) =>
        Cache.GetOrAdd(relative, r => File.ReadAllText(SharedFolder.File(["fixtures", "dxnet", "intl", .. r.Split('/')])));

    public static string Directory => SharedFolder.File("fixtures", "dxnet", "intl");

    /// <summary>How often <paramref name="needle"/> occurs in the raw page: an independent count to check parsers against.</summary>
    public static int Occurrences(string html, string needle)
    {
        var count = 0;
        for (var at = html.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = html.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public static TheoryData<string> Data(IEnumerable<string> files)
    {
        var data = new TheoryData<string>();
        foreach (var file in files)
        {
            data.Add(file);
        }

        return data;
    }
}
