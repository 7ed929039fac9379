using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// CORS for gRPC-Web from configured origins (PROTOCOL-WEB.md, CORS preflight): POST and OPTIONS only, the gRPC-Web
/// request headers, and grpc-status/grpc-message/grpc-status-details-bin exposed to the page.
/// </summary>
internal sealed class GrpcWebCors
{
    private static readonly StringValues AllowedMethods = new("POST, OPTIONS");
    private static readonly StringValues True = new("true");
    private static readonly StringValues OriginValue = new("Origin");

    private readonly HashSet<string> _origins;
    private readonly StringValues _allowedHeaders;
    private readonly StringValues _exposedHeaders;
    private readonly StringValues _maxAge;

    public GrpcWebCors(GrpcWebOptions options)
    {
        _origins = new HashSet<string>(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _allowedHeaders = string.Join(", ", options.AllowedHeaders);
        _exposedHeaders = string.Join(", ", options.ExposedHeaders);
        _maxAge = ((int)options.PreflightMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Adds the CORS response headers to an actual call from an allowed origin.</summary>
    public void ApplyToCall(HttpContext http)
    {
        if (_origins.Count == 0 || !http.Request.Headers.TryGetValue("Origin", out var origin) || !_origins.Contains(origin.ToString()))
        {
            return;
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowCredentials = True;
        headers.AccessControlExposeHeaders = _exposedHeaders;
        headers.Vary = OriginValue;
    }

    /// <summary>Answers an OPTIONS preflight: 204 with the policy for an allowed origin, 403 otherwise.</summary>
    public void HandlePreflight(HttpContext http)
    {
        var request = http.Request.Headers;
        var response = http.Response;
        response.Headers.Vary = OriginValue;
        if (!request.TryGetValue("Origin", out var origin) || !_origins.Contains(origin.ToString()) ||
            !string.Equals(request.AccessControlRequestMethod.ToString(), "POST", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowCredentials = True;
        response.Headers.AccessControlAllowMethods = AllowedMethods;
        response.Headers.AccessControlAllowHeaders = _allowedHeaders;
        response.Headers.AccessControlMaxAge = _maxAge;
    }
}
