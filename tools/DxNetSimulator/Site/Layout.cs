namespace Maimai.DxNetSimulator.Site;

/// <summary>Wraps page content in the site's skeleton (Templates/Layout.html).</summary>
internal static class Layout
{
    public static string Page(string site, string title, string content) =>
        Template.Get("Layout").Render(new TemplateValues(site).Set("title", Html.Text(title)).Set("content", content));
}
