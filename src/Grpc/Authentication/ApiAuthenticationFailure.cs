using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Authentication;

/// <summary>
/// Why another caller scheme of the API (the site's session cookie) could not decide who is calling: its store
/// failed. ASP.NET Core keeps no failure when every scheme of a policy fails, so the scheme records it here and the
/// API token scheme's challenge, which writes every refusal, maps it like any call's failure (UNAVAILABLE while the
/// database is away) instead of answering UNAUTHENTICATED or letting it escape as HTTP 500.
/// </summary>
public static class ApiAuthenticationFailure
{
    private static readonly object Key = new();

    public static void Record(HttpContext context, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(failure);
        context.Items[Key] = failure;
    }

    internal static Exception? Find(HttpContext context) => context.Items.TryGetValue(Key, out var failure) ? failure as Exception : null;
}
