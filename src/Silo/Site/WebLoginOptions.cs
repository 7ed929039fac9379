namespace Maimai.Silo.Site;

/// <summary>Discord's OAuth2 application and endpoints (configuration "Discord"). Sign-in with Discord is on when ClientId and ClientSecret are set.</summary>
public sealed class DiscordLoginOptions
{
    public const string SectionName = "Discord";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Defaults to https://discord.com/oauth2/authorize.</summary>
    public string AuthorizationEndpoint { get; set; } = "https://discord.com/oauth2/authorize";

    /// <summary>Defaults to https://discord.com/api/oauth2/token.</summary>
    public string TokenEndpoint { get; set; } = "https://discord.com/api/oauth2/token";

    /// <summary>Defaults to https://discord.com/api/users/@me.</summary>
    public string UserInformationEndpoint { get; set; } = "https://discord.com/api/users/@me";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}

/// <summary>The site's session cookie (configuration "WebSessions").</summary>
public sealed class WebSessionOptions
{
    public const string SectionName = "WebSessions";

    /// <summary>How long a session lives without a request; each request slides it. Defaults to 14 days.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>The site itself (configuration "Site").</summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>
    /// Origins (scheme://host[:port]) besides the site's own whose gRPC-Web calls may use the session cookie, such as
    /// the public address behind a reverse proxy. Defaults to none.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];
}
