using Maimai.Core.Fetching;
using Maimai.Core.Game;

namespace Maimai.Silo.Fetching;

/// <summary>
/// A test-only door into the fetch coordinator for multi-process tests, mapped only when configuration
/// "Fetching:TestEndpoints" is true (never in production): POST /_test/fetch?userId=1&amp;region=Intl starts a
/// fetch and answers the outcome as JSON. The gRPC FetchService is the real way in.
/// </summary>
internal sealed class FetchTestEndpoints : IStartupFilter
{
    public const string SettingKey = "Fetching:TestEndpoints";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map("/_test/fetch", branch => branch.Run(StartAsync));
        next(app);
    };

    private static async Task StartAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !long.TryParse(context.Request.Query["userId"], out var userId)
            || !Enum.TryParse<Region>(context.Request.Query["region"], ignoreCase: true, out var region))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("POST /_test/fetch?userId=<id>&region=<Intl|Jp>");
            return;
        }

        var coordinator = context.RequestServices.GetRequiredService<IFetchCoordinator>();
        var outcome = await coordinator.StartFetchAsync(userId, region, context.RequestAborted);
        await context.Response.WriteAsJsonAsync(outcome switch
        {
            StartFetchOutcome.Started s => new TestOutcome("Started", s.Fetch.Id, null),
            StartFetchOutcome.AlreadyRunning r => new TestOutcome("AlreadyRunning", r.Fetch.Id, null),
            StartFetchOutcome.RateLimited l => new TestOutcome("RateLimited", null, (long)Math.Ceiling(l.RetryAfter.TotalMilliseconds)),
            _ => new TestOutcome(outcome.GetType().Name, null, null),
        }, context.RequestAborted);
    }

    private sealed record TestOutcome(string Outcome, long? FetchId, long? RetryAfterMs);
}
