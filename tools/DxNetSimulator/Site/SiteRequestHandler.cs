using System.Globalization;
using System.Text;
using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;
using Maimai.DxNetSimulator.Player;
using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Requests;
using Maimai.DxNetSimulator.Sessions;
using Microsoft.AspNetCore.Http;

namespace Maimai.DxNetSimulator.Site;

/// <summary>
/// Serves the site: logs the request, adds latency, applies a due fault, checks the session, renders the
/// page and rotates the userId cookie. Order matters: maintenance and 503 come before any session check,
/// as on the real site.
/// </summary>
internal sealed class SiteRequestHandler(SimulatedSite site)
{
    public const string SitePath = "/maimai-mobile/";
    public const string GatewayPath = "/common_auth/login";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var kind = Classify(request.Path.Value ?? "/");
        site.Requests.Add(kind, request.Path.Value + request.QueryString.Value);
        var siteUrl = $"{request.Scheme}://{request.Host}{SitePath}";

        var latency = site.Faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        var fault = site.Faults.Next(kind);
        switch (fault?.Kind)
        {
            case FaultKind.MaintenancePage:
                await WriteAsync(context, ErrorPages.Maintenance(siteUrl, site.Text), null);
                return;
            case FaultKind.ErrorPage:
                site.ErrorCode = fault.ErrorCode;
                context.Response.Redirect(siteUrl + "error/");
                return;
            case FaultKind.ServiceUnavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
        }

        switch (kind)
        {
            case PageKind.Other:
                await WritePlainAsync(context, StatusCodes.Status404NotFound, "The DX NET simulator has no page at this path.");
                return;
            case PageKind.Login:
                await LoginAsync(context);
                return;
            case PageKind.Error:
                await WriteAsync(context, ErrorPages.Error(siteUrl, site.Text, site.ErrorCode), fault);
                return;
        }

        if (site.Sessions.Required && !site.Sessions.IsValid(request.Cookies[SessionControl.UserIdCookie]))
        {
            site.ErrorCode = 100001;
            context.Response.Redirect(siteUrl + "error/");
            return;
        }

        var (html, problem) = Render(kind, siteUrl, request.Query);
        if (html is null)
        {
            await WritePlainAsync(context, StatusCodes.Status404NotFound, problem!);
            return;
        }

        if (site.Sessions.Required && site.Sessions.RotateOnEveryResponse)
        {
            AppendSessionCookie(context, site.Sessions.Rotate());
        }

        await WriteAsync(context, html, fault);
    }

    public static PageKind Classify(string path)
    {
        var p = path.TrimEnd('/').ToLowerInvariant() + "/";
        return p switch
        {
            "/maimai-mobile/" or "/maimai-mobile/home/" => PageKind.Home,
            "/maimai-mobile/playerdata/" => PageKind.PlayerData,
            "/maimai-mobile/record/musicgenre/search/" => PageKind.ScoreList,
            "/maimai-mobile/record/" => PageKind.Record,
            "/maimai-mobile/record/playlogdetail/" => PageKind.PlaylogDetail,
            "/maimai-mobile/record/musicdetail/" => PageKind.MusicDetail,
            "/maimai-mobile/home/ratingtargetmusic/" => PageKind.RatingTarget,
            "/maimai-mobile/error/" => PageKind.Error,
            "/common_auth/login/" => PageKind.Login,
            _ => PageKind.Other,
        };
    }

    private (string? Html, string? Problem) Render(PageKind kind, string siteUrl, IQueryCollection query)
    {
        var state = site.Player.Snapshot();
        var text = site.Text;
        switch (kind)
        {
            case PageKind.Home:
                return (PlayerPages.Home(siteUrl, text, state), null);
            case PageKind.PlayerData:
                return (PlayerPages.PlayerData(siteUrl, text, state), null);
            case PageKind.RatingTarget:
                return (PlayerPages.RatingTarget(siteUrl, text, state, Rating.Targets(site.Player.Catalog, state.Scores)), null);
            case PageKind.Record:
                return (RecordPages.Record(siteUrl, text, state), null);
            case PageKind.ScoreList:
                if (!int.TryParse(query["diff"], NumberStyles.None, CultureInfo.InvariantCulture, out var diff)
                    || !Enum.IsDefined((Difficulty)diff))
                {
                    return (null, "diff must be 0 to 4, or 10 for utage.");
                }

                var genre = query.ContainsKey("genre") && int.TryParse(query["genre"], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 99;
                if (genre != 99 && !Enum.IsDefined((Genre)genre))
                {
                    return (null, "genre must be 99 (all) or 101 to 106.");
                }

                return (ScorePages.ScoreList(siteUrl, text, state, (Difficulty)diff, genre), null);
            case PageKind.MusicDetail:
                var song = site.Player.Catalog.FindByIdx(query["idx"].ToString());
                return song is null
                    ? (null, "No song has this idx (a '+' in idx must be sent as %2B).")
                    : (ScorePages.MusicDetail(siteUrl, text, state, song), null);
            case PageKind.PlaylogDetail:
                var idx = query["idx"].ToString();
                var play = state.Recent.FirstOrDefault(p => p.Idx == idx);
                return play is null
                    ? (null, "No play in the recent 50 has this idx.")
                    : (RecordPages.PlaylogDetail(siteUrl, text, state, play), null);
            default:
                return (null, "Unknown page.");
        }
    }

    /// <summary>The clal gateway: a valid clal earns a 302 to redirect_url with a new userId cookie.</summary>
    private async Task LoginAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (site.Region != Region.Intl)
        {
            await WritePlainAsync(context, StatusCodes.Status404NotFound, "The clal gateway exists only for the international site.");
            return;
        }

        if (query["site_id"] != "maimaidxex")
        {
            await WritePlainAsync(context, StatusCodes.Status400BadRequest, "site_id must be maimaidxex.");
            return;
        }

        var redirect = query["redirect_url"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var target)
            || !string.Equals(target.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            await WritePlainAsync(context, StatusCodes.Status400BadRequest,
                "redirect_url must be an absolute URL on this simulator (it never redirects elsewhere).");
            return;
        }

        if (!site.Sessions.IsValidClal(context.Request.Cookies[SessionControl.ClalCookie]))
        {
            await WriteAsync(context, Template.Get("LoginGateway").Render(new TemplateValues("")), null);
            return;
        }

        AppendSessionCookie(context, site.Sessions.Issue());
        context.Response.Redirect(target.ToString());
    }

    private static void AppendSessionCookie(HttpContext context, string userId) =>
        context.Response.Cookies.Append(SessionControl.UserIdCookie, userId, new CookieOptions { Path = "/", HttpOnly = true });

    // The first achievement cell's text (playlog_achievement_txt on the record and playlogDetail, the first
    // music_score_block of a played score row) becomes unreadable.
    private static string OddEntry(string html)
    {
        foreach (var marker in new[] { "playlog_achievement_txt", "music_score_block" })
        {
            var at = html.IndexOf(marker, StringComparison.Ordinal);
            var start = at < 0 ? -1 : html.IndexOf('>', at) + 1;
            var end = start <= 0 ? -1 : html.IndexOf('<', start);
            if (end > start)
            {
                return string.Concat(html.AsSpan(0, start), "??.????%", html.AsSpan(end));
            }
        }

        return html;
    }

    private static Task WritePlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, string html, FaultRule? fault)
    {
        var body = Encoding.UTF8.GetBytes(fault?.Kind == FaultKind.OddEntry ? OddEntry(html) : html);
        var response = context.Response;
        response.ContentType = "text/html; charset=UTF-8";
        response.ContentLength = body.Length;
        var aborted = context.RequestAborted;
        switch (fault?.Kind)
        {
            case FaultKind.TruncatedBody:
                // Ending short of the Content-Length makes Kestrel close the connection once the half is sent
                // (headers and Set-Cookie included), as a cut line does. context.Abort() could drop the unsent
                // half, headers too, so the client would not always see the response begin.
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), aborted);
                await response.Body.FlushAsync(aborted);
                return;
            case FaultKind.SlowBody:
                const int Chunks = 10;
                var size = (body.Length + Chunks - 1) / Chunks;
                for (var at = 0; at < body.Length; at += size)
                {
                    await response.Body.WriteAsync(body.AsMemory(at, Math.Min(size, body.Length - at)), aborted);
                    await response.Body.FlushAsync(aborted);
                    await Task.Delay(fault.SlowBodyDuration / Chunks, aborted);
                }

                return;
            default:
                await response.Body.WriteAsync(body, aborted);
                return;
        }
    }
}
