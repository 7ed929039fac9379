namespace Maimai.Silo.Site;

/// <summary>The site's authentication schemes and its session cookie's name.</summary>
public static class WebLoginSchemes
{
    /// <summary>The session cookie scheme; its tickets live in web_sessions.</summary>
    public const string Cookie = "WebSession";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "maimai_session";

    /// <summary>The scheme that joins the maimai.v1 policy: the session cookie, for same-site gRPC-Web calls only.</summary>
    public const string GrpcWeb = "WebSessionGrpcWeb";

    /// <summary>Discord's OAuth2 handler (registered only when Discord is configured).</summary>
    public const string Discord = "Discord";
}
