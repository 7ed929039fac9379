using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>The one HTML parser every page parser shares; AngleSharp's parser holds no per-document state.</summary>
internal static class DxNetHtml
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions
    {
        IsKeepingSourceReferences = false,
        IsScripting = false,
    });

    public static IHtmlDocument Load(string html) => Parser.ParseDocument(html);

    public static async Task<string> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    public static string Read(Stream stream)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return reader.ReadToEnd();
    }
}
