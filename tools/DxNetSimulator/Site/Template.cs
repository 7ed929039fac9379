using System.Collections.Concurrent;
using System.Text;

namespace Maimai.DxNetSimulator.Site;

/// <summary>
/// A page fragment from Templates/*.html (embedded in the assembly) with {{name}} holes. Values are
/// inserted as given: callers encode text with <see cref="Html.Text"/>. Parsed once, then reused.
/// </summary>
internal sealed class Template
{
    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);

    private readonly List<(string Literal, string? Hole)> _parts = [];

    private Template(string name, string text)
    {
        Name = name;
        var at = 0;
        while (true)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                _parts.Add((text[at..], null));
                break;
            }

            var close = text.IndexOf("}}", open, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidOperationException($"Template {name}: unclosed '{{{{' at {open}.");
            }

            _parts.Add((text[at..open], text[(open + 2)..close]));
            at = close + 2;
        }
    }

    public string Name { get; }

    public static Template Get(string name) => Cache.GetOrAdd(name, Load);

    public void Render(StringBuilder output, TemplateValues values)
    {
        foreach (var (literal, hole) in _parts)
        {
            output.Append(literal);
            if (hole is not null)
            {
                output.Append(values.Get(hole) ?? throw new InvalidOperationException($"Template {Name}: no value for '{hole}'."));
            }
        }
    }

    public string Render(TemplateValues values)
    {
        var output = new StringBuilder();
        Render(output, values);
        return output.ToString();
    }

    private static Template Load(string name)
    {
        var resource = $"Maimai.DxNetSimulator.Templates.{name}.html";
        using var stream = typeof(Template).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Template resource {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Template(name, reader.ReadToEnd());
    }
}

/// <summary>Named values for one template render; later values win. {{site}} is always present.</summary>
internal sealed class TemplateValues(string site)
{
    private readonly List<(string Key, string Value)> _values = [("site", site)];

    public TemplateValues Set(string key, string value)
    {
        _values.Add((key, value));
        return this;
    }

    public TemplateValues Set(string key, int value) => Set(key, Html.Number(value));

    public string? Get(string key)
    {
        for (var i = _values.Count - 1; i >= 0; i--)
        {
            if (_values[i].Key == key)
            {
                return _values[i].Value;
            }
        }

        return null;
    }
}
