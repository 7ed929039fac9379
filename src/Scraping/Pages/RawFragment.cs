using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Makes an entry's markup safe to store: scripts, event handlers, hidden form fields other than the page's idx,
/// and every token-like URL or form parameter (<c>_t</c>, <c>userId</c>, <c>clal</c>, session and CSRF values)
/// go; the fetch then removes the session's own cookie and token values wherever they still appear. What is left
/// is the markup the row parsers read, so a stored fragment can be parsed again.
/// </summary>
public static partial class RawFragment
{
    /// <summary>Stands where a known secret value was cut out.</summary>
    public const string Removed = "[removed]";

    // Only the idx survives among hidden fields: it names the song or play (no player secret) and re-parsing needs it.
    private const string KeptHiddenField = "idx";

    private static readonly string[] DroppedElements = ["script", "style", "noscript", "iframe", "object", "embed", "link", "meta"];

    /// <summary>Scrubs a piece of HTML (a whole page or a fragment) and cuts out each of <paramref name="secrets"/>.</summary>
    public static string Scrub(string html, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(secrets);
        var body = DxNetHtml.Load(html).Body;
        return Without(body is null ? string.Empty : Of(body.Children.ToArray()), secrets);
    }

    /// <summary>Cuts each known secret value (and its URL-encoded form) out of text already scrubbed.</summary>
    public static string Without(string text, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets)
        {
            // Very short values would cut ordinary text apart; DX NET's session values are long.
            if (secret.Length < 6)
            {
                continue;
            }

            text = text.Replace(secret, Removed, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret)
            {
                text = text.Replace(escaped, Removed, StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }

    /// <summary>The scrubbed outer HTML of <paramref name="elements"/>, in order (copies: the page is not changed).</summary>
    internal static string Of(params IElement?[] elements)
    {
        var builder = new StringBuilder();
        foreach (var element in elements)
        {
            if (element is null)
            {
                continue;
            }

            // An element that is itself dropped (a top-level secret input or script) has no parent to leave.
            if (IsDropped(element))
            {
                continue;
            }

            var copy = (IElement)element.Clone(deep: true);
            Clean(copy);
            builder.Append(copy.OuterHtml);
        }

        return SecretParameter().Replace(builder.ToString(), "$1$2=");
    }

    private static void Clean(IElement root)
    {
        foreach (var comment in root.Descendants<IComment>().ToList())
        {
            comment.Remove();
        }

        foreach (var element in root.DescendantsAndSelf<IElement>().ToList())
        {
            if (IsDropped(element))
            {
                element.Remove();
                continue;
            }

            foreach (var attribute in element.Attributes.ToList())
            {
                if (attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                {
                    element.RemoveAttribute(attribute.Name);
                }
                else if (attribute.Value.Contains('=', StringComparison.Ordinal))
                {
                    element.SetAttribute(attribute.Name, SecretParameter().Replace(attribute.Value, "$1$2="));
                }
            }
        }
    }

    private static bool IsDropped(IElement element) =>
        Array.IndexOf(DroppedElements, element.LocalName) >= 0 || (element.LocalName == "input" && IsSecretField(element));

    private static bool IsSecretField(IElement input)
    {
        var name = input.GetAttribute("name") ?? string.Empty;
        var hidden = string.Equals(input.GetAttribute("type"), "hidden", StringComparison.OrdinalIgnoreCase);
        return SecretName().IsMatch(name) || (hidden && name != KeptHiddenField) || string.Equals(input.GetAttribute("type"), "password", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^(_t|t|token|_token|userId|clal|session\w*|sessid|sid|ssid|csrf\w*|_csrf\w*|auth\w*|password)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // name=value in a URL, a form body or a cookie header: the value goes, the name stays so the markup still reads.
    [GeneratedRegex(@"(^|[?&;\s""'])(_t|token|_token|userId|clal|session\w*|sessid|sid|ssid|csrf\w*|_csrf\w*|auth\w*|password)=[^&""'\s<>;#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();
}
