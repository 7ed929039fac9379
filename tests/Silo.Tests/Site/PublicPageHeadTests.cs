using System.Net;
using System.Text.RegularExpressions;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Sharing;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Sharing;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Tests.Storage;

namespace Maimai.Silo.Tests.Site;

/// <summary>
/// The link preview of a public page (/u/&lt;username&gt;): its og:description names the rating only while the profile
/// shares its summary; otherwise the head is exactly an unknown name's, so it tells nobody whether the profile exists
/// or what it shares.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed partial class PublicPageHeadTests(SiteFixture site)
{
    private const string InGameName = "ＯＧＳＥＣＲＥＴ";

    [Fact]
    public async Task The_description_names_the_rating_only_while_the_summary_is_shared()
    {
        var now = DateTimeOffset.UtcNow;
        var user = await new UserRepository(site.Database).UpsertByDiscordIdAsync("777000111222333444", "Discord Secret Name", now).WaitAsync(SiteBrowser.Timeout);
        var scores = new ScoreRepository(site.Database);
        // The site showed 14,321 on the Japanese version; the international snapshot has only our computed 9,876.
        await scores.WriteSnapshotAsync(site.Database, new SnapshotWrite(user.Id, Region.Jp, now.AddHours(-2), null,
            new PlayerProfile(InGameName, SiteRating: 14321, VersionPlayCount: 4321, TotalPlayCount: 98765), [], 14000)).WaitAsync(SiteBrowser.Timeout);
        await scores.WriteSnapshotAsync(site.Database, new SnapshotWrite(user.Id, Region.Intl, now.AddHours(-1), null,
            new PlayerProfile(InGameName), [], 9876)).WaitAsync(SiteBrowser.Timeout);
        var sharing = new SharingRepository(site.Database);
        var unknown = await HeadAsync("og-nobody");

        await Share(new SharedParts(Profile: true, Scores: false, RecentPlays: false, PlayCounts: false));
        var shared = await HeadAsync("OG-Rin");
        Assert.Equal("og-rin's maimai DX page on the score tracker. Rating 9,876 (International), 14,321 (Japan).", Description(shared));
        Assert.Contains("<meta property=\"og:title\" content=\"og-rin · maimai DX\">", shared, StringComparison.Ordinal);

        // Every other part shared, the summary not; then nothing shared: the head is an unknown name's, name aside.
        await Share(new SharedParts(Profile: false, Scores: true, RecentPlays: true, PlayCounts: true));
        var withoutSummary = await HeadAsync("og-rin");
        await Share(SharedParts.None);
        var hidden = await HeadAsync("og-rin");

        var asUnknown = unknown.Replace("og-nobody", "og-rin", StringComparison.Ordinal);
        Assert.Equal(asUnknown, withoutSummary);
        Assert.Equal(asUnknown, hidden);
        Assert.Equal("og-rin's maimai DX page on the score tracker.", Description(hidden));
        foreach (var secret in new[] { "14,321", "14321", "9,876", "98765", InGameName, "Discord Secret Name" })
        {
            Assert.DoesNotContain(secret, withoutSummary, StringComparison.Ordinal);
        }

        Task Share(SharedParts parts) =>
            sharing.SetAsync(user.Id, new SharingSettings("og-rin", parts), DateTimeOffset.UtcNow).WaitAsync(SiteBrowser.Timeout);
    }

    private async Task<string> HeadAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{site.Silo.HttpPort}") };
        using var response = await http.GetAsync(new Uri("/u/" + name, UriKind.Relative)).WaitAsync(SiteBrowser.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync().WaitAsync(SiteBrowser.Timeout);
    }

    private static string Description(string page) =>
        WebUtility.HtmlDecode(Assert.Single(OgDescription().Matches(page)).Groups["text"].Value);

    [GeneratedRegex("<meta property=\"og:description\" content=\"(?<text>[^\"]*)\">")]
    private static partial Regex OgDescription();
}
