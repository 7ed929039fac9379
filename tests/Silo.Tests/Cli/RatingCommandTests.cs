using System.Diagnostics;
using System.Text.Json;
using Maimai.Core.Game;
using Maimai.Silo.Cli;
using Maimai.Testing;

namespace Maimai.Silo.Tests.Cli;

/// <summary>The `rating` verb on the real international pages with otoge-db's international list (see bench/results/rating.md).</summary>
public sealed class RatingCommandTests
{
    private static string Fixture(string relative) => SharedFolder.File(["fixtures", "dxnet", "intl", .. relative.Split('/')]);

    private static string Songs => SharedFolder.File("data", "otoge-db", "music-ex-intl.json");

    private static string[] ScorePages =>
    [
        Fixture("scores/diff0_basic.html"), Fixture("scores/diff1_advanced.html"), Fixture("scores/diff2_expert.html"),
        Fixture("scores/diff3_master.html"), Fixture("scores/diff4_remaster.html"),
    ];

    private static (int Exit, string Stdout, string Stderr) Run(IReadOnlyList<string> pages, bool json, string? version = "CiRCLE", string? songs = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = RatingCommand.Run(pages, songs ?? Songs, Region.Intl, version, json, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [SharedFact]
    public void Json_holds_both_totals_and_names_the_charts_that_explain_the_gap()
    {
        var (exit, stdout, stderr) = Run([.. ScorePages, Fixture("rating_target/rating_target_music.html")], json: true);

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(13734, root.GetProperty("computed").GetInt32());
        Assert.Equal(13733, root.GetProperty("site").GetInt32());
        Assert.Equal(15, root.GetProperty("new").GetArrayLength());
        Assert.Equal(35, root.GetProperty("old").GetArrayLength());
        Assert.Equal(root.GetProperty("computed").GetInt32(), root.GetProperty("newTotal").GetInt32() + root.GetProperty("oldTotal").GetInt32());
        var differences = root.GetProperty("differences").EnumerateArray()
            .Select(d => (d.GetProperty("title").GetString(), d.GetProperty("difficulty").GetString(), d.GetProperty("reason").GetString()))
            .ToList();
        Assert.Equal([("だから僕は音楽を辞めた", "Master", "LevelDiffers"), ("Xevel", "Expert", "CountedOnlyBySite")], differences);

        var first = root.GetProperty("new")[0];
        Assert.Equal(
            ("少女レイ", "Dx", "Master", "12+", "12.9", "12.9", "100.5320%", 290),
            (first.GetProperty("title").GetString(), first.GetProperty("type").GetString(), first.GetProperty("difficulty").GetString(),
             first.GetProperty("level").GetString(), first.GetProperty("internalLevel").GetString(), first.GetProperty("levelUsed").GetString(),
             first.GetProperty("achievement").GetString(), first.GetProperty("value").GetInt32()));
    }

    [SharedFact]
    public void Text_lists_the_best_50_and_both_totals()
    {
        var (exit, stdout, _) = Run([Fixture("rating_target/rating_target_music.html")], json: false);

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Count(l => l.Contains('%', StringComparison.Ordinal)));
        Assert.Contains("1. 少女レイ [DX Master]  level 12.9  100.5320%  290", lines);
        Assert.Contains("Computed rating: 13734", lines);
        Assert.Contains("Site rating: 13733 (difference +1)", lines);
        Assert.Contains("だから僕は音楽を辞めた [DX Master]: LevelDiffers: may have changed level: the site shows level 12; the song list has 12+ (internal 12.7)", lines);
    }

    [SharedFact]
    public void Score_pages_with_the_player_page_compare_with_the_profiles_rating()
    {
        var (exit, stdout, _) = Run([.. ScorePages, Fixture("player_data/player_data.html")], json: true);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(13352, json.RootElement.GetProperty("computed").GetInt32());
        Assert.Equal(13394, json.RootElement.GetProperty("site").GetInt32());
        // Without a rating target page nobody's list is compared: only level problems could be named, and there are none.
        Assert.Equal(0, json.RootElement.GetProperty("differences").GetArrayLength());
    }

    [SharedFact]
    public void The_version_decides_what_is_new()
    {
        // Under CiRCLE PLUS the PRiSM PLUS songs are old, so the same page rates lower than under CiRCLE.
        var (exit, stdout, _) = Run([Fixture("rating_target/rating_target_music.html")], json: true, version: "CiRCLE PLUS");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("computed").GetInt32() < 13733);
        Assert.Equal("CiRCLE PLUS", json.RootElement.GetProperty("version").GetString());
        Assert.True(json.RootElement.GetProperty("new").GetArrayLength() < 15);
    }

    [SharedFact]
    public void A_page_of_another_kind_is_a_usage_error_naming_the_file()
    {
        var (exit, stdout, stderr) = Run([Fixture("recent/record.html")], json: true);

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("record.html' is a Record page", line, StringComparison.Ordinal);
    }

    [SharedFact]
    public void An_unknown_version_or_song_list_is_a_usage_error()
    {
        var badVersion = Run([Fixture("rating_target/rating_target_music.html")], json: false, version: "maimai DX ULTRA");
        var noSongs = Run([Fixture("rating_target/rating_target_music.html")], json: false, songs: Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json"));

        Assert.Equal((1, string.Empty), (badVersion.Exit, badVersion.Stdout));
        Assert.Contains("unknown game version 'maimai DX ULTRA'", badVersion.Stderr, StringComparison.Ordinal);
        Assert.Equal((1, string.Empty), (noSongs.Exit, noSongs.Stdout));
        Assert.Contains("cannot read the song list", noSongs.Stderr, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task The_real_executable_prints_json_with_computed_and_site()
    {
        var silo = Path.Combine(AppContext.BaseDirectory, "Maimai.Silo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", silo, "rating", Fixture("rating_target/rating_target_music.html"), "--songs", Songs, "--version", "CiRCLE", "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, process.ExitCode);
        Assert.Empty(await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
        using var json = JsonDocument.Parse(await stdout.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((13734, 13733), (json.RootElement.GetProperty("computed").GetInt32(), json.RootElement.GetProperty("site").GetInt32()));
    }
}
