namespace Maimai.Silo.Site;

/// <summary>The sign-in pages' addresses, in one place.</summary>
public static class SignInPaths
{
    public const string SignIn = "/signin";

    /// <summary>Starts Discord's OAuth2 flow.</summary>
    public const string Discord = "/signin/discord";

    /// <summary>Discord's redirect URI: register &lt;site&gt;/signin-discord with the Discord application.</summary>
    public const string DiscordCallback = "/signin-discord";

    /// <summary>The development login's form post (Development environment only).</summary>
    public const string Development = "/signin/development";

    public const string SignOut = "/signout";

    public const string SignOutEverywhere = "/signout/everywhere";
}
