namespace Maimai.DxNetSimulator.Site;

/// <summary>Wraps page content in the site's skeleton (Templates/Layout.html).</summary>
internal static class Layout
{
    // Score lists and the rating target page add class o_v to the main wrapper, as the site does.
    public static string Page(string site, string title, string content, bool wideOverflow = false) =>
        Template.Get("Layout").Render(new TemplateValues(site)
            .Set("title", Html.Text(title))
            .Set("wrapperExtra", wideOverflow ? " o_v" : "")
            .Set("content", content));
}
