using Maimai.Admin.Internal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Admin;

/// <summary>
/// The admin site: Razor Pages under /admin. The whole Admin area needs <see cref="Policy"/> by folder convention, so a
/// new page cannot be left open; every post needs the antiforgery token and, when the browser names one, this site's
/// Origin.
/// </summary>
public static class AdminSite
{
    /// <summary>The admin pages' policy: a signed-in session whose user is an admin now (the row and the allowlist).</summary>
    public const string Policy = "maimai-admin-site";

    /// <summary>Where the pages live.</summary>
    public const string Area = "Admin";

    /// <summary>
    /// Adds Razor Pages with the admin area and its policy over <paramref name="sessionScheme"/>, the site's session
    /// cookie. A signed-out visitor is sent to sign in; a signed-in one who is not an admin gets 403.
    /// </summary>
    public static IServiceCollection AddAdminSite(this IServiceCollection services, string sessionScheme)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionScheme);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(sessionScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new AdminRequirement()));
        services.AddSingleton<IAuthorizationHandler, AdminRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler>();
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AdminForbiddenResultHandler>());
        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeAreaFolder(Area, "/", Policy);
                options.Conventions.AddAreaFolderApplicationModelConvention(Area, "/", model =>
                {
                    model.Filters.Add(new SameOriginPostFilter());
                    model.Filters.Add(new AdminErrorFilter());
                });
            })
            .AddApplicationPart(typeof(AdminSite).Assembly);
        return services;
    }

    /// <summary>Maps the admin pages.</summary>
    public static IEndpointRouteBuilder MapAdminSite(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }
}
