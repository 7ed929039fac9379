using System.Text;
using System.Text.Encodings.Web;

namespace Maimai.Silo.Site;

/// <summary>
/// The sign-in pages' one layout: small server-rendered HTML, readable on a phone, every value HTML-encoded. Pages
/// never carry exception text: a failure is a fixed message and a way back.
/// </summary>
internal static class SitePage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;max-width:32rem;margin:0 auto;padding:1.25rem;line-height:1.5;font-size:1.05rem}
        h1{font-size:1.5rem}form{margin:1rem 0}input,button,.button{font-size:1rem;padding:.7rem 1rem;border-radius:.4rem}
        input{width:100%;box-sizing:border-box;border:1px solid #888;margin:.3rem 0}
        button,.button{display:inline-block;border:0;background:#5865f2;color:#fff;text-decoration:none;cursor:pointer}
        .secondary{background:#555}.note{color:#555}
        """;

    /// <summary>A whole page around <paramref name="body"/>, which must already be HTML.</summary>
    public static string Render(string title, string body)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · maimai DX score tracker</title>")
            .Append("<style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>")
            .Append(body)
            .Append("</body></html>");
        return html.ToString();
    }

    /// <summary>A page as an endpoint result.</summary>
    public static IResult Result(int statusCode, string title, string body) =>
        Results.Content(Render(title, body), "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    /// <summary>A failure page: what happened, in words, and a link to try again.</summary>
    public static IResult Error(int statusCode, string title, string message) => Result(statusCode, title, ErrorBody(message));

    /// <summary>Writes a failure page straight to the response (where there is no endpoint, as in the OAuth callback).</summary>
    public static Task WriteErrorAsync(HttpResponse response, int statusCode, string title, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(Render(title, ErrorBody(message)), Encoding.UTF8);
    }

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string ErrorBody(string message) =>
        $"<p>{Encode(message)}</p><p><a class=\"button\" href=\"{SignInPaths.SignIn}\">Try signing in again</a></p>";
}
