namespace Maimai.Silo.Hosting;

/// <summary>
/// The limit on maimai.v1 API calls per client IP (configuration section "ApiRateLimit"). The client IP is the
/// connection's remote address: X-Forwarded-For counts only when forwarded headers are enabled for a trusted proxy.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "ApiRateLimit";

    /// <summary>Limit API calls at all. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calls one client IP may start per window. Defaults to 100.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The fixed window the permits renew in. Defaults to 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
