using System.Net.Http.Headers;
using System.Text.Json;
using Maimai.Silo.Site.Sessions;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Maimai.Silo.Time;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace Maimai.Silo.Site.SignIn;

/// <summary>
/// The Discord OAuth2 handler's events: on success read users/@me, create or update the user and sign in with our
/// own user id; on any failure end on a page that says what happened in words, never the exception.
/// </summary>
internal static class DiscordSignIn
{
    // RemoteAuthenticationHandler's and OAuthHandler's fixed failure messages (aspnetcore src/Security/Authentication).
    private const string StateInvalid = "The oauth state was missing or invalid.";
    private const string CorrelationFailed = "Correlation failed.";
    private const string TokenEndpointFailure = "OAuth token endpoint failure";

    private const string StorageDownTitle = "Try again in a moment";
    private const string StorageDownMessage = "The database is not answering right now, so you are not signed in. Please try again shortly.";

    /// <summary>Wires the events into the handler's options.</summary>
    public static void Configure(OAuthOptions options)
    {
        options.Events.OnCreatingTicket = CreatingTicketAsync;
        options.Events.OnTicketReceived = TicketReceivedAsync;
        options.Events.OnAccessDenied = AccessDeniedAsync;
        options.Events.OnRemoteFailure = RemoteFailureAsync;
    }

    private static async Task CreatingTicketAsync(OAuthCreatingTicketContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await context.Backchannel.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            throw new DiscordAnswerException($"users/@me answered HTTP {(int)response.StatusCode}.");
        }

        var profile = ReadProfile(await response.Content.ReadAsByteArrayAsync(context.HttpContext.RequestAborted));
        var services = context.HttpContext.RequestServices;
        var user = await services.GetRequiredService<UserRepository>()
            .UpsertByDiscordIdAsync(profile, ServiceClock.Get(services).GetUtcNow(), context.HttpContext.RequestAborted);
        context.Principal = WebSessionClaims.Principal(user, WebLoginSchemes.Cookie);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscordSignIn));
        DiscordSignInLog.SignedIn(logger, user.Id);
    }

    /// <summary>The user's Discord profile from users/@me's JSON (id, username, global_name, avatar).</summary>
    private static DiscordProfile ReadProfile(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString();
            var username = root.GetProperty("username").GetString();
            if (string.IsNullOrWhiteSpace(id) || !id.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(username))
            {
                throw new DiscordAnswerException("users/@me has no id or username.");
            }

            var globalName = root.TryGetProperty("global_name", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
            var avatar = root.TryGetProperty("avatar", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            return new DiscordProfile(id, username, string.IsNullOrWhiteSpace(globalName) ? username : globalName, avatar);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DiscordAnswerException("users/@me is not the JSON Discord sends.");
        }
    }

    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        // Signed in here, not by the handler after this event, so a database failure still ends on a page.
        context.HandleResponse();
        context.Properties!.IsPersistent = true;
        try
        {
            await context.HttpContext.SignInAsync(WebLoginSchemes.Cookie, context.Principal!, context.Properties);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e))
        {
            await WriteStorageDownAsync(context.Response);
            return;
        }

        context.Response.Redirect(context.ReturnUri ?? SignInPaths.SignIn);
    }

    private static Task WriteStorageDownAsync(HttpResponse response) =>
        SitePage.WriteErrorAsync(response, StatusCodes.Status503ServiceUnavailable, StorageDownTitle, StorageDownMessage);

    private static async Task AccessDeniedAsync(AccessDeniedContext context)
    {
        context.HandleResponse();
        await SitePage.WriteErrorAsync(context.Response, StatusCodes.Status403Forbidden, "Sign-in cancelled",
            "Discord did not give us permission: the sign-in was cancelled on Discord's page. Nothing was saved.");
    }

    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var (kind, status, title, message) = Classify(context.Failure);
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscordSignIn));
        DiscordSignInLog.Failed(logger, kind);
        await SitePage.WriteErrorAsync(context.Response, status, title, message);
    }

    private static (string Kind, int Status, string Title, string Message) Classify(Exception? failure) => failure switch
    {
        _ when StorageFailures.IsTransient(failure) => ("storage", StatusCodes.Status503ServiceUnavailable, StorageDownTitle, StorageDownMessage),
        HttpRequestException or TaskCanceledException => ("unreachable", StatusCodes.Status502BadGateway, "Discord is not answering",
            "We could not reach Discord to finish signing you in. Discord may be down for a moment; please try again shortly."),
        DiscordAnswerException or JsonException => ("garbled", StatusCodes.Status502BadGateway, "Discord's answer was not readable",
            "Discord answered something we could not understand, so you are not signed in. Please try again shortly."),
        { Message: StateInvalid or CorrelationFailed } => ("state", StatusCodes.Status400BadRequest, "This sign-in link has expired",
            "This sign-in did not start here, was already used, or took too long (or the browser blocked its cookie). Start again from the sign-in page."),
        { Message: var m } when m.StartsWith(TokenEndpointFailure, StringComparison.Ordinal) => ("code", StatusCodes.Status400BadRequest,
            "Discord refused the sign-in", "Discord refused this sign-in code: it was already used or has expired. Start again from the sign-in page."),
        _ => ("failed", StatusCodes.Status400BadRequest, "Sign-in failed",
            "Signing in with Discord did not work this time. Start again from the sign-in page."),
    };

    /// <summary>Discord answered something other than what its API documents; the message names no token.</summary>
    private sealed class DiscordAnswerException(string message) : Exception(message);
}

/// <summary>The sign-in log lines: which user, or which kind of failure; never a code, token or cookie.</summary>
internal static partial class DiscordSignInLog
{
    [LoggerMessage(EventId = 2001, EventName = "DiscordSignedIn", Level = LogLevel.Information, Message = "User {UserId} signed in with Discord")]
    public static partial void SignedIn(ILogger logger, long userId);

    [LoggerMessage(EventId = 2002, EventName = "DiscordSignInFailed", Level = LogLevel.Warning, Message = "Discord sign-in failed: {Kind}")]
    public static partial void Failed(ILogger logger, string kind);
}
