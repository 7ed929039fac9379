using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Maimai.Silo.Tests.Site;

namespace Maimai.Silo.Tests.Admin;

/// <summary>
/// An admin page's form as a browser submits it: every named input (checked boxes only), each select's chosen
/// option, the antiforgery token among them; the test changes some fields and posts it back to the form's action.
/// </summary>
internal sealed class AdminForm
{
    private readonly List<(string Name, string Value)> _fields;

    private AdminForm(string action, List<(string Name, string Value)> fields)
    {
        Action = action;
        _fields = fields;
    }

    public string Action { get; }

    public string this[string name] => _fields.First(f => f.Name == name).Value;

    /// <summary>The form on <paramref name="page"/> whose action holds <paramref name="handler"/> (?handler=Name).</summary>
    public static AdminForm Read(SiteBrowser.Page page, string handler, (string Name, string Value)? having = null)
    {
        Assert.True(page.Status == HttpStatusCode.OK, $"the page answered {page.Status}");
        var document = new HtmlParser().ParseDocument(page.Body);
        var form = document.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .First(f => f.GetAttribute("action") is { } action
                && (action.EndsWith("handler=" + handler, StringComparison.OrdinalIgnoreCase) || action.Contains("handler=" + handler + "&", StringComparison.OrdinalIgnoreCase))
                && (having is not { } field || f.Elements.OfType<IHtmlInputElement>().Any(i => i.Name == field.Name && i.Value == field.Value)));
        var fields = new List<(string, string)>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Name is { Length: > 0 } name:
                    if (input.Type is not ("checkbox" or "radio") || input.IsChecked)
                    {
                        fields.Add((name, input.Value));
                    }

                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 } name:
                    fields.Add((name, select.Value ?? ""));
                    break;
            }
        }

        Assert.True(having is null || fields.Contains(having.Value), $"no {handler} form with {having}");
        return new AdminForm(form.GetAttribute("action")!, fields);
    }

    /// <summary>Sets a field (a checkbox: checked or not), as typing into it would.</summary>
    public AdminForm Set(string name, string? value)
    {
        var at = _fields.FindIndex(f => f.Name == name);
        if (at >= 0)
        {
            _fields.RemoveAt(at);
        }

        if (value is not null)
        {
            _fields.Insert(Math.Max(at, 0), (name, value));
        }

        return this;
    }

    public Task<SiteBrowser.Page> PostAsync(SiteBrowser browser) => browser.PostAsync(Action, [.. _fields]);
}
