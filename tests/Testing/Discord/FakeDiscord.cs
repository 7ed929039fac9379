using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Testing.Discord;

/// <summary>
/// A stand-in for Discord's OAuth2 on 127.0.0.1, strict where Discord is: authorize redirects back with a code and
/// the state (or error=access_denied when <see cref="DenyConsent"/>); token checks the client, the code (good once),
/// the redirect_uri and the PKCE code_verifier against the S256 challenge; users/@me checks the bearer.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string ClientId = "fake-client-id";
    public const string ClientSecret = "fake-client-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentDictionary<string, byte> _accessTokens = new();

    private FakeDiscord(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, once started.</summary>
    public string BaseAddress { get; private set; } = "";

    public string AuthorizationEndpoint => BaseAddress + "/oauth2/authorize";

    public string TokenEndpoint => BaseAddress + "/api/oauth2/token";

    public string UserInformationEndpoint => BaseAddress + "/api/users/@me";

    /// <summary>The user that users/@me returns.</summary>
    public DiscordUser User { get; set; } = new("80351110224678912", "nelly", "Nelly", "8342729096ea3675442027381ff50dfe");

    /// <summary>When set, authorize answers as if the user pressed Cancel.</summary>
    public bool DenyConsent { get; set; }

    /// <summary>When set, the token endpoint answers 200 with a body that is not JSON (after checking the request).</summary>
    public bool GarbleToken { get; set; }

    /// <summary>When set, users/@me answers 200 with a body that is not JSON.</summary>
    public bool GarbleProfile { get; set; }

    /// <summary>Every access token the token endpoint handed out.</summary>
    public IReadOnlyCollection<string> AccessTokens => [.. _accessTokens.Keys];

    /// <summary>The query string of the last authorize request.</summary>
    public IQueryCollection? LastAuthorize { get; private set; }

    /// <summary>Codes the token endpoint refused because they were used before.</summary>
    public int ReplayedCodes => _replayed;

    private int _replayed;

    /// <summary>The settings that point the Silo at this fake.</summary>
    public string[] SiloSettings =>
    [
        $"--Discord:ClientId={ClientId}", $"--Discord:ClientSecret={ClientSecret}",
        $"--Discord:AuthorizationEndpoint={AuthorizationEndpoint}", $"--Discord:TokenEndpoint={TokenEndpoint}",
        $"--Discord:UserInformationEndpoint={UserInformationEndpoint}",
    ];

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var discord = new FakeDiscord(app);
        app.MapGet("/oauth2/authorize", discord.Authorize);
        app.MapPost("/api/oauth2/token", discord.TokenAsync);
        app.MapGet("/api/users/@me", discord.Me);
        await app.StartAsync();
        discord.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return discord;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        LastAuthorize = query;
        string redirectUri = query["redirect_uri"]!, state = query["state"]!;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || string.IsNullOrEmpty(redirectUri)
            || !$" {query["scope"]} ".Contains(" identify ", StringComparison.Ordinal)
            || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.BadRequest("invalid authorize request");
        }

        if (DenyConsent)
        {
            return Results.Redirect($"{redirectUri}?error=access_denied&error_description={Uri.EscapeDataString("The resource owner or authorization server denied the request")}&state={Uri.EscapeDataString(state)}");
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new IssuedCode(redirectUri, query["code_challenge"]!);
        return Results.Redirect($"{redirectUri}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        var code = form["code"].ToString();
        if (form["grant_type"] != "authorization_code" || !_codes.TryGetValue(code, out var issued))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        if (issued.Used)
        {
            Interlocked.Increment(ref _replayed);
            return Results.Json(new { error = "invalid_grant", error_description = "Invalid \"code\" in request." }, statusCode: 400);
        }

        issued.Used = true;
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (form["redirect_uri"] != issued.RedirectUri || verifier.Length == 0 || challenge != issued.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        if (GarbleToken)
        {
            return Results.Text("<html>Cloudflare says hi</html>", "application/json");
        }

        var accessToken = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        _accessTokens[accessToken] = 0;
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 604800, scope = "identify" });
    }

    private IResult Me(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.ContainsKey(header["Bearer ".Length..]))
        {
            return Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401);
        }

        if (GarbleProfile)
        {
            return Results.Text("<html>surprise</html>", "application/json");
        }

        return Results.Json(new { id = User.Id, username = User.Username, global_name = User.GlobalName, avatar = User.Avatar, discriminator = "0" });
    }

    private sealed class IssuedCode(string redirectUri, string challenge)
    {
        public string RedirectUri { get; } = redirectUri;

        public string Challenge { get; } = challenge;

        public bool Used { get; set; }
    }
}

/// <summary>The users/@me fields the Silo reads.</summary>
public sealed record DiscordUser(string Id, string Username, string? GlobalName, string? Avatar);
