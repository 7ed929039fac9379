namespace Maimai.Scraping.Fetching;

/// <summary>
/// The cookies of one fetch, per host, handled by hand: the site replaces userId on most responses and only the
/// newest value is sure to work, so every Set-Cookie overwrites at once. No CookieContainer: its domain and
/// path rules would hide exactly what we need to see.
/// </summary>
internal sealed class SessionCookies
{
    public const string UserId = "userId";
    public const string Clal = "clal";

    private readonly Dictionary<string, Dictionary<string, string>> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public void Set(Uri host, string name, string value) => Jar(host)[name] = value;

    public void Remove(Uri host, string name) => Jar(host).Remove(name);

    public string? Get(Uri host, string name) => Jar(host).GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string> For(Uri host) => Jar(host);

    /// <summary>The Cookie header for a request to <paramref name="url"/>, or null when there is nothing to send.</summary>
    public string? Header(Uri url)
    {
        var jar = Jar(url);
        return jar.Count == 0 ? null : string.Join("; ", jar.Select(c => c.Key + "=" + c.Value));
    }

    /// <summary>Takes the response's Set-Cookie values; an emptied or expired cookie is dropped.</summary>
    public void Accept(Uri url, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        var jar = Jar(url);
        foreach (var header in values)
        {
            var parts = header.Split(';');
            var eq = parts[0].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = parts[0][..eq].Trim();
            var value = parts[0][(eq + 1)..].Trim();
            var expired = parts.Skip(1).Any(p => p.Trim().Equals("Max-Age=0", StringComparison.OrdinalIgnoreCase));
            if (value.Length == 0 || value == "deleted" || expired)
            {
                jar.Remove(name);
            }
            else
            {
                jar[name] = value;
            }
        }
    }

    private Dictionary<string, string> Jar(Uri url)
    {
        var host = url.Authority;
        if (!_byHost.TryGetValue(host, out var jar))
        {
            jar = new Dictionary<string, string>(StringComparer.Ordinal);
            _byHost[host] = jar;
        }

        return jar;
    }
}
