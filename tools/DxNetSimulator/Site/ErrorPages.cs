using System.Globalization;

namespace Maimai.DxNetSimulator.Site;

/// <summary>The error page (/maimai-mobile/error/) and the maintenance page.</summary>
internal static class ErrorPages
{
    public static string Error(string site, SiteText text, int code) =>
        Layout.Page(site, "Error", Template.Get("Error").Render(new TemplateValues(site)
            .Set("code", Html.Text(text.ErrorCodePrefix + code.ToString(CultureInfo.InvariantCulture)))
            .Set("message", text.ErrorMessage(code))
            .Set("back", Html.Text(text.BackToTop))));

    public static string Maintenance(string site, SiteText text) =>
        Template.Get("Maintenance").Render(new TemplateValues(site).Set("message", Html.Text(text.Maintenance)));
}
