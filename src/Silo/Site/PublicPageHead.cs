using System.Globalization;
using System.Text.Encodings.Web;
using Maimai.Core.Game;
using Maimai.Core.Sharing;
using Maimai.Core.Snapshots;

namespace Maimai.Silo.Site;

/// <summary>
/// The head of a public profile's page (/u/&lt;username&gt;): the app's index.html with the username in its title and
/// OpenGraph title and description, so a link shared in a chat reads as the player's page. The title holds only the
/// address's own name; the description adds the rating only when the profile shares its summary, under the same rule
/// as PublicProfileService (the owner's switches read afresh, the summary only when Profile is on). An unknown name,
/// a profile that shares nothing and one that shares other parts all get the very same head; the app then asks the
/// API, which decides what to show.
/// </summary>
internal static class PublicPageHead
{
    private const string Title = "<title>maimai DX score tracker</title>";

    private static readonly CultureInfo Shown = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The page for <paramref name="username"/>; the plain index.html when the name cannot be anyone's.</summary>
    public static async Task<string> ForAsync(string indexHtml, string username, ISharingStore sharing, ISnapshotQueries snapshots, CancellationToken cancellationToken)
    {
        var name = Username.Normalize(username, out _);
        if (name is null)
        {
            return indexHtml;
        }

        var ratings = await SharedRatingsAsync(name, sharing, snapshots, cancellationToken);
        // Usernames are [a-z0-9_-] only; encoded all the same, as anything put into markup is.
        var shown = HtmlEncoder.Default.Encode(name);
        var description = $"{shown}'s maimai DX page on the score tracker."
            + (ratings.Count == 0 ? "" : " Rating " + string.Join(", ", ratings.Select(r => $"{r.Rating.ToString("N0", Shown)} ({RegionName(r.Region)})")) + ".");
        return indexHtml.Replace(Title,
            $"<title>{shown} · maimai DX score tracker</title>\n<meta property=\"og:title\" content=\"{shown} · maimai DX\">\n"
            + $"<meta property=\"og:description\" content=\"{description}\">\n<meta property=\"og:type\" content=\"profile\">",
            StringComparison.Ordinal);
    }

    // The rating of each region with a snapshot, as the public summary shows it (the site's, else our computed one);
    // none unless the profile is public and shares its summary.
    private static async Task<List<(Region Region, int Rating)>> SharedRatingsAsync(
        string name, ISharingStore sharing, ISnapshotQueries snapshots, CancellationToken cancellationToken)
    {
        var ratings = new List<(Region, int)>();
        if (await sharing.FindPublicAsync(name, cancellationToken) is not { Parts.Profile: true } owner)
        {
            return ratings;
        }

        foreach (var region in (Region[])[Region.Intl, Region.Jp])
        {
            if (await snapshots.GetLatestSnapshotAsync(owner.UserId, region, cancellationToken) is { } latest
                && (latest.Profile.SiteRating ?? latest.Rating) is { } rating)
            {
                ratings.Add((region, rating));
            }
        }

        return ratings;
    }

    private static string RegionName(Region region) => region == Region.Jp ? "Japan" : "International";
}
