using Maimai.DxNetSimulator.Faults;
using Maimai.DxNetSimulator.Player;
using Maimai.DxNetSimulator.Site;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Maimai.DxNetSimulator.Control;

/// <summary>
/// The JSON control API under /_sim/: the same operations as <see cref="RunningSimulator"/>'s members,
/// for tests and tools outside the process. Bad input gets 400 with {"error": "..."}.
/// </summary>
internal static class ControlApi
{
    public const string Prefix = "/_sim";

    public static void Map(IEndpointRouteBuilder app, SimulatedSite site)
    {
        var sim = app.MapGroup(Prefix);

        sim.MapGet("/state", () => Results.Ok(site.Player.Snapshot()));

        sim.MapPost("/plays", (AddPlaysBody body) =>
        {
            try
            {
                if (body.Plays is { Count: > 0 } plays)
                {
                    return Results.Ok(site.Player.AddPlays(plays));
                }

                return body.Count is > 0 and <= 1000
                    ? Results.Ok(site.Player.AddPlays(body.Count.Value))
                    : Error("Give \"count\" (1 to 1000) or a non-empty \"plays\" list.");
            }
            catch (ArgumentException e)
            {
                return Error(e.Message);
            }
        });

        sim.MapGet("/session", () => Results.Ok(SessionView(site)));
        sim.MapPut("/session", (SessionBody body) =>
        {
            var sessions = site.Sessions;
            sessions.Required = body.Required ?? sessions.Required;
            sessions.RotateOnEveryResponse = body.RotateOnEveryResponse ?? sessions.RotateOnEveryResponse;
            sessions.Strict = body.Strict ?? sessions.Strict;
            sessions.ClalValid = body.ClalValid ?? sessions.ClalValid;
            return Results.Ok(SessionView(site));
        });
        sim.MapPost("/session/login", () => Results.Ok(new { userId = site.Sessions.Issue() }));
        sim.MapPost("/session/rotate", () => Results.Ok(new { userId = site.Sessions.Rotate() }));
        sim.MapPost("/session/expire", () =>
        {
            site.Sessions.ExpireAll();
            return Results.NoContent();
        });

        sim.MapGet("/faults", () => Results.Ok(site.Faults.Active()));
        sim.MapPost("/faults", (FaultRule rule) =>
        {
            try
            {
                site.Faults.Add(rule);
                return Results.Ok(site.Faults.Active());
            }
            catch (ArgumentException e)
            {
                return Error(e.Message);
            }
        });
        sim.MapDelete("/faults", () =>
        {
            site.Faults.Clear();
            return Results.NoContent();
        });

        sim.MapPut("/latency", (LatencyBody body) =>
        {
            if (body.Milliseconds is < 0 or > 600_000)
            {
                return Error("milliseconds must be 0 to 600000.");
            }

            site.Faults.Latency = TimeSpan.FromMilliseconds(body.Milliseconds);
            return Results.Ok(new { milliseconds = body.Milliseconds });
        });

        sim.MapGet("/requests", () => Results.Ok(new
        {
            total = site.Requests.Total,
            counts = site.Requests.Counts(),
            entries = site.Requests.Entries(),
        }));
        sim.MapDelete("/requests", () =>
        {
            site.Requests.Reset();
            return Results.NoContent();
        });
    }

    private static IResult Error(string message) => Results.BadRequest(new { error = message });

    private static object SessionView(SimulatedSite site) => new
    {
        userId = site.Sessions.Current,
        clal = site.Region == Core.Game.Region.Intl ? site.Sessions.ClalToken : null,
        required = site.Sessions.Required,
        rotateOnEveryResponse = site.Sessions.RotateOnEveryResponse,
        strict = site.Sessions.Strict,
        clalValid = site.Sessions.ClalValid,
    };

    internal sealed record AddPlaysBody(int? Count, List<PlayRequest>? Plays);

    internal sealed record SessionBody(bool? Required, bool? RotateOnEveryResponse, bool? Strict, bool? ClalValid);

    internal sealed record LatencyBody(int Milliseconds);
}
