using System.IO.Compression;
using Maimai.Core.Sharing;
using Maimai.Core.Snapshots;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Maimai.Silo.Site;

/// <summary>
/// The player's site: the bundle web/build.sh writes into Site/Bundle, embedded in this assembly so the Silo serves
/// it with no Node and no files beside it. Its script and style sheet are under <see cref="AssetsPath"/>; each
/// of the app's addresses (/, /intl, /jp and below, /tokens, /sharing, /u/&lt;username&gt;) answers index.html, and the app reads the path itself.
/// </summary>
public static class SiteApp
{
    /// <summary>Where app.js and app.css are served.</summary>
    public const string AssetsPath = "/app";

    /// <summary>The resource names' prefix: the csproj embeds Site/Bundle/&lt;file&gt; as &lt;prefix&gt;.&lt;file&gt;.</summary>
    private const string ResourcePrefix = "Maimai.Silo.Site.Bundle";

    private const string IndexFile = "index.html";

    // The app is our own script and style sheet, talking gRPC-Web to this origin: nothing inline, nothing elsewhere.
    // Images may also come from the two DX NET image folders, where a player's icon lives (Snapshot.icon_url:
    // https://maimaidx-eng.com/maimai-mobile/img/Icon/<hash>.png, the same path on maimaidx.jp).
    // form-action allows the sign-in page's forms, which the app links to.
    internal const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; " +
        "img-src 'self' https://maimaidx-eng.com/maimai-mobile/img/ https://maimaidx.jp/maimai-mobile/img/; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] PageMethods = [HttpMethods.Get, HttpMethods.Head];

    // The app's own addresses: the landing page, everything under a region, the API tokens page and the sharing
    // settings (a public profile, /u/<username>, is mapped apart: PublicPageHead). Only these answer index.html, so an
    // address the server owns but does not serve now (/signin/discord unconfigured, say) stays a 404.
    private static readonly string[] PagePatterns = ["/", "/intl", "/jp", "/intl/{**rest:nonfile}", "/jp/{**rest:nonfile}", "/tokens", "/sharing"];

    /// <summary>Compression for the assets (the app's script is most of the first view's weight).</summary>
    public static IServiceCollection AddSiteApp(this IServiceCollection services) =>
        // Over HTTPS too: only the public, secret-free assets are compressed (MapSiteApp), never a page that carries
        // a token, which is what makes compression over TLS risky (BREACH).
        services.AddResponseCompression(options => options.EnableForHttps = true)
            // Each browser keeps the assets for a year, so a visitor downloads them about once: gzip's smallest
            // level costs a few milliseconds more per download and saves about a quarter of the bytes over its fastest
            // (bench/results/web.md). Brotli's smallest is far slower, so it stays at its balanced level.
            .Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.SmallestSize)
            .Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);

    /// <summary>Serves the bundle's assets (compressed when the browser accepts it) and maps the index.html fallback (GET and HEAD only).</summary>
    public static void MapSiteApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(AssetsPath), assets => assets.UseResponseCompression());
        var bundle = new EmbeddedFileProvider(typeof(SiteApp).Assembly, ResourcePrefix);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = bundle,
            RequestPath = AssetsPath,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => PrepareAsset(context.Context),
        });
        var page = new StaticFileOptions { FileProvider = bundle, OnPrepareResponse = context => PreparePage(context.Context) };
        foreach (var pattern in PagePatterns)
        {
            app.MapFallbackToFile(pattern, IndexFile, page).WithMetadata(new HttpMethodMetadata(PageMethods));
        }

        var index = new Lazy<string>(() =>
        {
            using var reader = new StreamReader(bundle.GetFileInfo(IndexFile).CreateReadStream());
            return reader.ReadToEnd();
        });
        app.MapMethods("/u/{username}", PageMethods, async (HttpContext context, string username, ISharingStore sharing, ISnapshotQueries snapshots) =>
        {
            var page = await PublicPageHead.ForAsync(index.Value, username, sharing, snapshots, context.RequestAborted);
            PreparePage(context);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(page, context.RequestAborted);
        });
    }

    private static void PrepareAsset(HttpContext context)
    {
        var headers = context.Response.Headers;
        // The policy too, since index.html is also reachable here (/app/index.html) and must not go without it.
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // index.html names each asset with its content hash (?v=), so that address never changes content; a bare
        // address may, so the browser asks again each time.
        headers.CacheControl = StringValues.IsNullOrEmpty(context.Request.Query["v"]) ? "no-cache" : "public, max-age=31536000, immutable";
    }

    private static void PreparePage(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        // Always revalidated, so a new deployment's index.html (and through it the new assets) is seen at once.
        headers.CacheControl = "no-cache";
    }
}
