using System.Text.Encodings.Web;
using Maimai.Core.Sharing;

namespace Maimai.Silo.Site;

/// <summary>
/// The head of a public profile's page (/u/&lt;username&gt;): the app's index.html with the username in its title and
/// OpenGraph title, so a link shared in a chat reads as the player's page. Only the address's own name goes in and
/// nothing is looked up, so the page is the same whether the profile exists, is private or shares everything; the app
/// then asks the API, which decides what to show.
/// </summary>
internal static class PublicPageHead
{
    private const string Title = "<title>maimai DX score tracker</title>";

    /// <summary>The page for <paramref name="username"/>; the plain index.html when the name cannot be anyone's.</summary>
    public static string For(string indexHtml, string username)
    {
        var name = Username.Normalize(username, out _);
        if (name is null)
        {
            return indexHtml;
        }

        // Usernames are [a-z0-9_-] only; encoded all the same, as anything put into markup is.
        var shown = HtmlEncoder.Default.Encode(name);
        return indexHtml.Replace(Title,
            $"<title>{shown} · maimai DX score tracker</title>\n<meta property=\"og:title\" content=\"{shown} · maimai DX\">\n<meta property=\"og:type\" content=\"profile\">",
            StringComparison.Ordinal);
    }
}
