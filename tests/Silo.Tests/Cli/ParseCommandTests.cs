using System.Diagnostics;
using System.Text.Json;
using Maimai.Core.Game;
using Maimai.Silo.Cli;
using Maimai.Testing;

namespace Maimai.Silo.Tests.Cli;

public sealed class ParseCommandTests
{
    private static string Fixture(string relative) => SharedFolder.File(["fixtures", "dxnet", "intl", .. relative.Split('/')]);

    [SharedTheory]
    [InlineData("player", "player_data/player_data.html", "siteRating", "13394")]
    [InlineData("scores", "scores/diff4_remaster.html", "summary.total", "134")]
    [InlineData("scores", "scores/diff3_master.html", "summary.total", "1357")]
    [InlineData("scores", "internal_level_pages/level13.html", "summary.total", "205")]
    [InlineData("scores", "scores/version17_universe_diff0.html", "summary.total", "65")]
    [InlineData("record", "recent/record.html", "entries.0.idx.raw", "14,1769098716")]
    [InlineData("music-detail", "music_detail/example1.html", "charts.3.achievement", "100.0252%")]
    [InlineData("music-detail", "music_detail/example2.html", "type", "Std")]
    [InlineData("music-detail", "music_detail/missing_artist.html", "artist", "")]
    [InlineData("music-detail", "music_detail/missing_title.html", "title", "\u3000")]
    [InlineData("rating-target", "rating_target/rating_target_music.html", "new.0.rank", "SSSPlus")]
    public void Prints_each_page_as_camel_case_json(string kind, string file, string path, string expected)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = ParseCommand.Run(kind, Fixture(file), Region.Intl, stdout, stderr);

        Assert.Equal(0, exit);
        Assert.Empty(stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        var value = path.Split('.').Aggregate(json.RootElement, (e, step) => int.TryParse(step, out var i) ? e[i] : e.GetProperty(step));
        Assert.Equal(expected, value.ValueKind == JsonValueKind.Null ? string.Empty : value.ToString());
    }

    [SharedFact]
    public void Score_rows_keep_enums_as_names_and_numbers_exact()
    {
        using var stdout = new StringWriter();

        Assert.Equal(0, ParseCommand.Run("scores", Fixture("scores/diff3_master.html"), Region.Intl, stdout, TextWriter.Null));

        using var json = JsonDocument.Parse(stdout.ToString());
        var row = json.RootElement.GetProperty("rows")[0];
        Assert.Equal(
            ("ビビデバ", "Dx", "Master", "11+", "100.6868%", 1796, 2004, "FullComboPlus", "SyncPlay", "SSSPlus"),
            (row.GetProperty("title").GetString(), row.GetProperty("type").GetString(), row.GetProperty("difficulty").GetString(),
             row.GetProperty("level").GetString(), row.GetProperty("achievement").GetString(), row.GetProperty("dxScore").GetInt32(),
             row.GetProperty("maxDxScore").GetInt32(), row.GetProperty("comboLamp").GetString(), row.GetProperty("syncLamp").GetString(),
             row.GetProperty("rank").GetString()));
        Assert.Equal(1357, json.RootElement.GetProperty("rows").GetArrayLength());
    }

    [SharedFact]
    public void A_page_of_another_kind_exits_2_with_a_one_line_reason()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = ParseCommand.Run("scores", Fixture("recent/record.html"), Region.Intl, stdout, stderr);

        Assert.Equal(ParseCommand.Unparsable, exit);
        Assert.Empty(stdout.ToString());
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Record page", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_usage_error_not_a_crash()
    {
        using var stderr = new StringWriter();

        Assert.Equal(1, ParseCommand.Run("player", Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".html"), Region.Intl, TextWriter.Null, stderr));
        Assert.Contains("cannot read", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_executable_exits_2_on_a_page_it_cannot_parse()
    {
        var page = Path.Combine(Path.GetTempPath(), $"maimai-parse-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(page, "<html><body><h1>Not DX NET</h1></body></html>").WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            var silo = Path.Combine(AppContext.BaseDirectory, "Maimai.Silo.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "exec", silo, "parse", "playlog", page, "--region", "jp" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, process.ExitCode);
            Assert.Empty(await stdout.WaitAsync(TimeSpan.FromSeconds(10)));
            var line = Assert.Single((await stderr.WaitAsync(TimeSpan.FromSeconds(10))).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("Not a readable PlaylogDetail page", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(page);
        }
    }
}
