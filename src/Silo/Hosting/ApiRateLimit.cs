using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Maimai.Grpc.Errors;
using Maimai.Grpc.Refusals;
using Maimai.Grpc.Services.V1;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Maimai.Silo.Hosting;

/// <summary>
/// The per-client-IP limit on maimai.v1 calls, on the built-in rate limiter (ARCHITECTURE.md, Identity and security):
/// a fixed window per remote address. A call counts once when it starts, a server stream too; health, reflection
/// and CORS preflights are not counted. Refusals are RESOURCE_EXHAUSTED over gRPC and gRPC-Web, 429 otherwise.
/// </summary>
public static class ApiRateLimit
{
    public const string PolicyName = "maimai-api";

    /// <summary>Binds <see cref="ApiRateLimitOptions"/> to "ApiRateLimit" and adds the rate limiter with the API policy.</summary>
    public static IServiceCollection AddApiRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiRateLimitOptions>()
            .Bind(configuration.GetSection(ApiRateLimitOptions.SectionName))
            .Validate(o => o.PermitLimit > 0, "ApiRateLimit:PermitLimit must be at least 1 (set ApiRateLimit:Enabled=false for no limit).")
            .Validate(o => o.Window > TimeSpan.Zero, "ApiRateLimit:Window must be positive, e.g. 00:01:00.")
            .ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PolicyName, Partition);
            o.OnRejected = RefuseAsync;
        });
        return services;
    }

    /// <summary>Puts the maimai.v1 endpoints under the API policy; the host must also call UseRateLimiter.</summary>
    public static TBuilder RequireApiRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PolicyName);

    private static RateLimitPartition<IPAddress?> Partition(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
        var address = http.Connection.RemoteIpAddress;
        // No remote address (an in-memory test server, a Unix socket): nobody to tell apart, so nothing to limit by.
        if (!options.Enabled || address is null || HttpMethods.IsOptions(http.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter<IPAddress?>(null);
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return RateLimitPartition.GetFixedWindowLimiter<IPAddress?>(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
        TimeSpan? retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var delay) ? delay : null;
        var refusal = ApiErrors.CallsRateLimited(options.PermitLimit, options.Window, retryAfter);
        if (GrpcCallRefusal.TryWrite(http, refusal))
        {
            return;
        }

        // Plain HTTP (not a gRPC content type): 429 with Retry-After in whole seconds, rounded up (RFC 9110 10.2.3).
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (retryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(0, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(refusal.Status.Detail, cancellationToken);
    }
}
