using System.Text.Json.Serialization;
using Maimai.DxNetSimulator.Control;
using Maimai.DxNetSimulator.Site;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.DxNetSimulator;

/// <summary>Starts a simulated maimai DX NET on Kestrel, in-process (tests, demo mode) or from the exe.</summary>
public static class DxNetSimulatorHost
{
    /// <summary>
    /// Builds the simulated player from the options and starts listening (127.0.0.1 on a free port by
    /// default). The returned handle knows the actual address.
    /// </summary>
    public static async Task<RunningSimulator> StartAsync(DxNetSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Url must be an absolute http URL such as http://127.0.0.1:0, not '{options.Url}'.", nameof(options));
        }

        var site = new SimulatedSite(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DxNetSimulatorHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.ClearProviders();
        if (options.LogToConsole)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        var handler = new SiteRequestHandler(site);
        app.Use((context, next) => context.Request.Path.StartsWithSegments(ControlApi.Prefix, StringComparison.Ordinal)
            ? next(context)
            : handler.HandleAsync(context));
        ControlApi.Map(app, site);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var baseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new RunningSimulator(app, site, baseUrl);
    }
}
