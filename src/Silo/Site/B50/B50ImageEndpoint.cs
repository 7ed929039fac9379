using System.Globalization;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Rating;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Silo.Site.Sessions;
using Microsoft.AspNetCore.Authentication;

namespace Maimai.Silo.Site.B50;

/// <summary>
/// GET /api/b50.png?region=intl|jp[&amp;snapshot=id]: the signed-in player's best 50 as a PNG (<see cref="B50Image"/>),
/// from the region's newest snapshot or the one named. The session cookie is the only way in; the snapshot is read
/// through <see cref="ISnapshotQueries"/>, scoped by the caller, so another user's id is a 404 like an unknown one.
/// Answers are short plain text on any refusal, never a stack trace.
/// </summary>
public static class B50ImageEndpoint
{
    /// <summary>The image's address on the site's HTTP side.</summary>
    public const string Path = "/api/b50.png";

    // Fonts are looked up once; a machine without any font keeps answering 503 with the reason until restarted.
    private static readonly Lazy<B50Image> Renderer = new(B50Image.Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Maps the image; the host puts it under the API's per-IP rate limit.</summary>
    public static RouteHandlerBuilder MapB50Image(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGet(Path, ServeAsync);
    }

    private static async Task<IResult> ServeAsync(
        HttpContext context, IAccountStore accounts, ISnapshotQueries snapshots, ISongQueries songs, CurrentVersions versions, CancellationToken cancellationToken)
    {
        var session = await context.AuthenticateAsync(WebLoginSchemes.Cookie);
        if (!session.Succeeded || WebSessionClaims.UserId(session.Principal) is not { } userId
            || await accounts.GetAccountAsync(userId, cancellationToken) is null)
        {
            return Results.Text("Sign in to see your B50 image.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        var query = context.Request.Query;
        var regionText = query["region"].ToString();
        var snapshotText = query["snapshot"].ToString();
        Region? region = regionText switch
        {
            "intl" => Region.Intl,
            "jp" => Region.Jp,
            _ => null,
        };
        if ((regionText.Length > 0 && region is null) || (region is null && snapshotText.Length == 0))
        {
            return Results.Text("Set region=intl or region=jp, and optionally snapshot=<id>.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        SnapshotDetail? snapshot;
        if (snapshotText.Length > 0)
        {
            snapshot = long.TryParse(snapshotText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? await snapshots.GetSnapshotAsync(userId, id, cancellationToken)
                : null;
            if (snapshot is not null && region is { } asked && snapshot.Region != asked)
            {
                snapshot = null; // a snapshot of the other region is not the one asked for
            }
        }
        else
        {
            snapshot = await snapshots.GetLatestSnapshotAsync(userId, region!.Value, cancellationToken);
        }

        var scores = snapshot is null ? null : (await snapshots.ListScoresAsync(userId, snapshot.Id, new ScoreQuery(), null, int.MaxValue, cancellationToken))?.Scores;
        if (snapshot is null || scores is null)
        {
            return Results.Text("No such snapshot.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        B50Image renderer;
        try
        {
            renderer = Renderer.Value;
        }
        catch (InvalidOperationException e)
        {
            return Results.Text(e.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var library = await songs.GetLibraryAsync(cancellationToken);
        var rating = RatingCalculator.Compute(SnapshotScores.ToRated(scores, library, snapshot.Region), versions.For(snapshot.Region));
        var png = renderer.Render(B50Sheet.Of(snapshot, rating, scores.ToDictionary(s => s.ChartId)));

        var name = $"maimai-b50-{snapshot.Region.ToString().ToLowerInvariant()}-{snapshot.TakenAt.UtcDateTime:yyyy-MM-dd}-{snapshot.Id.ToString(CultureInfo.InvariantCulture)}.png";
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{name}\"";
        context.Response.Headers.CacheControl = "private, no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(png, "image/png");
    }
}
