using System.Net;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Pages;

namespace Maimai.Scraping.Fetching;

/// <summary>
/// One fetch's conversation with DX NET: gets a session (stored cookies, the token, or a clal login), reads
/// pages, follows the site's redirect to its error page, and turns every failure page into a typed failure.
/// A refused session is renewed once from the token before the fetch gives up with TOKEN_EXPIRED.
/// </summary>
internal sealed class FetchRun(DxNetClient client, DxNetRegionSite site, Uri siteUrl, Uri gatewayUrl, MaimaiToken token, CancellationToken cancellationToken)
{
    private const int MaxRedirects = 5;
    private bool _loggedIn;
    private bool _triedToken;

    public FetchSession Session { get; } = new();

    public Region Region => site.Region;

    /// <summary>The newest site cookies, for the next fetch (the clal token is the player's, not a session cookie).</summary>
    public IReadOnlyDictionary<string, string> SiteCookies =>
        Session.Cookies.For(siteUrl).Where(c => c.Key != SessionCookies.Clal).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    /// <summary>True when <see cref="StartAsync"/> must log in through the gateway first.</summary>
    public bool NeedsLogin(IReadOnlyDictionary<string, string> stored) =>
        !stored.ContainsKey(SessionCookies.UserId) && token.Kind == MaimaiTokenKind.Clal;

    public async Task StartAsync(IReadOnlyDictionary<string, string> stored)
    {
        foreach (var (name, value) in stored)
        {
            Session.Cookies.Set(siteUrl, name, value);
        }

        if (Session.Cookies.Get(siteUrl, SessionCookies.UserId) is not null)
        {
            return;
        }

        if (token.Kind == MaimaiTokenKind.Clal)
        {
            await LoginAsync();
        }
        else
        {
            Session.Cookies.Set(siteUrl, SessionCookies.UserId, token.Value);
            _triedToken = true;
        }
    }

    /// <summary>Cuts the token and every session value this fetch held out of scrubbed markup.</summary>
    public RowWarning Scrubbed(RowWarning warning) =>
        warning with { Fragment = RawFragment.Without(warning.Fragment, Session.SecretsSeen.Append(token.Value)) };

    /// <summary>Reads one page (path relative to /maimai-mobile/) and parses it; any failure ends the fetch.</summary>
    public async Task<T> PageAsync<T>(string path, Func<string, Region, PageResult<T>> parse)
        where T : class
    {
        var (value, warning) = await PageOrWarningAsync(path, parse);
        return value ?? throw Abort(new UnexpectedPageFailure(path, new UnexpectedPage(warning!.Kind, warning.Reason, string.Empty)));
    }

    /// <summary>
    /// As <see cref="PageAsync{T}"/>, but a page of the right kind whose one entry is unreadable gives that entry's
    /// <see cref="RowWarning"/> (scrubbed) instead of ending the fetch.
    /// </summary>
    public async Task<(T? Value, RowWarning? Warning)> PageOrWarningAsync<T>(string path, Func<string, Region, PageResult<T>> parse)
        where T : class
    {
        var url = new Uri(siteUrl, path);
        while (true)
        {
            var html = await HtmlAsync(url);
            var result = await ParseGate.Shared.RunAsync(() => parse(html, site.Region), cancellationToken);
            if (result.TryGetValue(out var value, out var failure))
            {
                return (value, null);
            }

            if (failure is UnreadableEntry unreadable)
            {
                return (null, Scrubbed(unreadable.Warning));
            }

            if (failure is SessionExpired expired)
            {
                if (await TryRenewSessionAsync())
                {
                    continue;
                }

                throw Abort(new TokenExpiredFailure(expired.Description.Length > 0 ? expired.Description : "the session was refused"));
            }

            throw Abort(failure switch
            {
                MaintenancePage m => new MaintenanceFailure(null, m.Message),
                ErrorPage e => new SiteErrorFailure(e.Code, e.Description),
                UnexpectedPage u => new UnexpectedPageFailure(url.PathAndQuery, u),
                _ => new UnexpectedPageFailure(url.PathAndQuery, new UnexpectedPage(DxNetPageKind.Unknown, failure!.Message, string.Empty)),
            });
        }
    }

    // A page's HTML: 200 as is; the redirect to /maimai-mobile/error/ followed (its page says why); HTTP errors are network failures.
    private async Task<string> HtmlAsync(Uri url)
    {
        var answer = await client.GetAsync(Session, url, cancellationToken);
        for (var hops = 0; answer.IsRedirect; hops++)
        {
            var target = answer.Location!;
            if (hops == MaxRedirects || !string.Equals(target.Authority, siteUrl.Authority, StringComparison.OrdinalIgnoreCase))
            {
                // Off the site (the login gateway, the top page): the session is gone.
                throw Abort(new TokenExpiredFailure($"the site redirected {url.PathAndQuery} to {target.GetLeftPart(UriPartial.Path)}"));
            }

            answer = await client.GetAsync(Session, target, cancellationToken);
        }

        if (answer.Status != HttpStatusCode.OK)
        {
            throw Abort(new NetworkFailure(answer.Url.PathAndQuery, Reason(answer.Status), (int)answer.Status));
        }

        return answer.Body;
    }

    private async Task<bool> TryRenewSessionAsync()
    {
        if (token.Kind == MaimaiTokenKind.Clal && !_loggedIn)
        {
            await LoginAsync();
            return true;
        }

        if (token.Kind == MaimaiTokenKind.UserId && !_triedToken)
        {
            _triedToken = true;
            if (Session.Cookies.Get(siteUrl, SessionCookies.UserId) != token.Value)
            {
                Session.Cookies.Set(siteUrl, SessionCookies.UserId, token.Value);
                return true;
            }
        }

        return false;
    }

    // GET {gateway}/common_auth/login?... with Cookie clal=…; the chain of redirects is followed by hand so the
    // userId that the gateway or the site sets on the way is captured. It stops once a userId is set and the
    // next hop is the site itself (its home page would cost one more request and tell nothing).
    private async Task LoginAsync()
    {
        _loggedIn = true;
        var stage = Session.Stage;
        Session.Stage = FetchStage.Login;
        try
        {
            await LoginThroughGatewayAsync();
        }
        finally
        {
            Session.Stage = stage;
        }
    }

    private async Task LoginThroughGatewayAsync()
    {
        var url = site.ClalLoginUrl(gatewayUrl, siteUrl)
            ?? throw Abort(new TokenExpiredFailure($"the {site.Region.ToName()} site takes a userId token only; a clal token cannot log in there"));
        Session.Cookies.Remove(siteUrl, SessionCookies.UserId);
        Session.Cookies.Set(gatewayUrl, SessionCookies.Clal, token.Value);
        for (var hops = 0; hops <= MaxRedirects; hops++)
        {
            var answer = await client.GetAsync(Session, url, cancellationToken);
            var hasSession = Session.Cookies.Get(siteUrl, SessionCookies.UserId) is not null;
            if (answer.IsRedirect)
            {
                if (hasSession && string.Equals(answer.Location!.Authority, siteUrl.Authority, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                url = answer.Location!;
                continue;
            }

            if ((int)answer.Status >= 500)
            {
                throw Abort(new NetworkFailure(answer.Url.PathAndQuery, Reason(answer.Status), (int)answer.Status));
            }

            if (answer.Status == HttpStatusCode.OK && hasSession)
            {
                return;
            }

            break;
        }

        throw Abort(new TokenExpiredFailure("the login gateway did not accept the clal token"));
    }

    private static string Reason(HttpStatusCode status) => status switch
    {
        HttpStatusCode.ServiceUnavailable => "service unavailable",
        HttpStatusCode.TooManyRequests => "too many requests",
        _ => status.ToString(),
    };

    private static ScrapeAbortedException Abort(ScrapeFailure failure) => new(failure);
}
