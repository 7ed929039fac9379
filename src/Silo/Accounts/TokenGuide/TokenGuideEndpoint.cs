namespace Maimai.Silo.Accounts.TokenGuide;

/// <summary>
/// Serves the guide to getting a maimai DX NET token (dxnet-token.html, embedded in this assembly): a static page,
/// no login, no script, nothing loaded from elsewhere, so it works before the player has any account here.
/// </summary>
public static class TokenGuideEndpoint
{
    public const string Path = "/setup/dxnet-token";

    private const string Resource = "Maimai.Silo.Accounts.TokenGuide.dxnet-token.html";

    // Styles are inline and there is no script: the policy allows exactly that and forbids everything else.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(TokenGuideEndpoint).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The resource {Resource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointConventionBuilder MapTokenGuide(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(Page.Value, "text/html; charset=utf-8");
        });
}
