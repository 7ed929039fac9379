using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Maimai.Silo.Tests.Site;

/// <summary>The committed bundle matches web/ and protos/, and the first view stays light.</summary>
public sealed class SiteBundleTests
{
    // npm ci on a cold cache and the TypeScript check take a while on a shared 2-core machine.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The issue's budget for the first view's JavaScript and CSS (HTML counted too), gzipped.</summary>
    private const int FirstViewBudgetBytes = 150 * 1024;

    [NodeFact]
    public async Task The_committed_bundle_is_what_web_build_sh_makes_from_web_and_protos()
    {
        var output = Directory.CreateTempSubdirectory("maimai-site-bundle-");
        try
        {
            var (exitCode, log) = await RunAsync(SiteBundle.BuildScript, output.FullName);
            Assert.True(exitCode == 0, $"web/build.sh failed with exit code {exitCode}:\n{log}");

            Assert.Equal(SiteBundle.Files.Order(), output.GetFiles().Select(f => f.Name).Order());
            Assert.Equal(SiteBundle.Files.Order(), new DirectoryInfo(SiteBundle.Folder).GetFiles().Select(f => f.Name).Order());
            var stale = SiteBundle.Files.Where(f => !File.ReadAllBytes(Path.Combine(output.FullName, f)).AsSpan().SequenceEqual(SiteBundle.Read(f))).ToList();
            Assert.True(stale.Count == 0,
                $"src/Silo/Site/Bundle is stale ({string.Join(", ", stale)} differ from a fresh build): run web/build.sh and commit the bundle.");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_first_views_html_js_and_css_stay_under_150_KB_gzipped()
    {
        var index = Encoding.UTF8.GetString(SiteBundle.Read("index.html"));
        // The first view is index.html and what it names: prove it names the two assets, so none escapes the sum.
        Assert.Contains("src=\"/app/app.js?v=", index, StringComparison.Ordinal);
        Assert.Contains("href=\"/app/app.css?v=", index, StringComparison.Ordinal);

        var sizes = SiteBundle.Files.ToDictionary(f => f, f => Gzipped(SiteBundle.Read(f)));
        var total = sizes.Values.Sum();
        Assert.True(total < FirstViewBudgetBytes,
            $"the first view is {total:N0} bytes gzipped ({string.Join(", ", sizes.Select(s => $"{s.Key} {s.Value:N0}"))}), over the {FirstViewBudgetBytes:N0} budget");
    }

    private static int Gzipped(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return (int)buffer.Length;
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string script, string argument)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(BuildTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout.WaitAsync(BuildTimeout) + await stderr.WaitAsync(BuildTimeout));
    }
}
