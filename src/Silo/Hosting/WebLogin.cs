using Maimai.Grpc.Authentication;
using Maimai.Silo.Site;
using Maimai.Silo.Site.Sessions;
using Maimai.Silo.Site.SignIn;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Maimai.Silo.Hosting;

/// <summary>
/// Signing in on the site: Discord OAuth2 (state and PKCE) when configured, the development login in Development
/// only, and the server-side session cookie, which also authenticates the site's own gRPC-Web calls.
/// </summary>
public static class WebLogin
{
    /// <summary>
    /// Adds the session cookie over web_sessions, Discord's OAuth handler when "Discord:ClientId" and "ClientSecret"
    /// are set, antiforgery, and the cookie's gRPC-Web scheme to the maimai.v1 policy. Call after AddApi.
    /// </summary>
    public static WebApplicationBuilder AddWebLogin(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<WebSessionOptions>().Bind(configuration.GetSection(WebSessionOptions.SectionName))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "WebSessions:IdleTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.SectionName));
        var discord = configuration.GetSection(DiscordLoginOptions.SectionName).Get<DiscordLoginOptions>() ?? new DiscordLoginOptions();
        var idleTimeout = configuration.GetSection(WebSessionOptions.SectionName).Get<WebSessionOptions>()?.IdleTimeout ?? new WebSessionOptions().IdleTimeout;

        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddSingleton<WebSessionTicketStore>(sp => new(
            sp.GetRequiredService<WebSessionRepository>(), sp.GetRequiredService<IDataProtectionProvider>(), ServiceClock.Get(sp)));
        services.AddOptions<CookieAuthenticationOptions>(WebLoginSchemes.Cookie)
            .Configure<WebSessionTicketStore>((o, store) => o.SessionStore = store);

        var authentication = services.AddAuthentication()
            .AddCookie(WebLoginSchemes.Cookie, o =>
            {
                o.Cookie.Name = WebLoginSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = idleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = SignInPaths.SignIn;
                o.AccessDeniedPath = SignInPaths.SignIn;
            })
            .AddScheme<AuthenticationSchemeOptions, SessionGrpcWebAuthenticationHandler>(WebLoginSchemes.GrpcWeb, displayName: null, configureOptions: null);
        if (discord.IsConfigured)
        {
            authentication.AddOAuth(WebLoginSchemes.Discord, "Discord", o =>
            {
                o.ClientId = discord.ClientId!;
                o.ClientSecret = discord.ClientSecret!;
                o.AuthorizationEndpoint = discord.AuthorizationEndpoint;
                o.TokenEndpoint = discord.TokenEndpoint;
                o.UserInformationEndpoint = discord.UserInformationEndpoint;
                o.CallbackPath = SignInPaths.DiscordCallback;
                o.Scope.Add("identify");
                o.UsePkce = true;
                o.SaveTokens = false;
                o.SignInScheme = WebLoginSchemes.Cookie;
                o.BackchannelTimeout = TimeSpan.FromSeconds(15);
                // The callback is a top-level GET from Discord, which Lax cookies survive; Secure only under TLS, as the session.
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                DiscordSignIn.Configure(o);
            });
        }

        // The maimai.v1 policies name their schemes; the session cookie joins them for same-site gRPC-Web.
        services.PostConfigure<AuthorizationOptions>(o =>
        {
            foreach (var name in new[] { ApiTokenAuthentication.Policy, ApiTokenAuthentication.AdminPolicy })
            {
                var policy = o.GetPolicy(name) ?? throw new InvalidOperationException($"AddWebLogin needs the {name} policy: call AddApi first.");
                o.AddPolicy(name, new AuthorizationPolicyBuilder(policy).AddAuthenticationSchemes(WebLoginSchemes.GrpcWeb).Build());
            }
        });
        return builder;
    }

    /// <summary>Maps the sign-in pages; the development login only in the Development environment.</summary>
    public static WebApplication MapWebLogin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var discord = app.Configuration.GetSection(DiscordLoginOptions.SectionName).Get<DiscordLoginOptions>() ?? new DiscordLoginOptions();
        SignInEndpoints.Map(app, discord.IsConfigured, developmentLogin: app.Environment.IsDevelopment());
        return app;
    }
}
