using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.Time;

/// <summary>
/// The clock the service's own logic reads (rate limits, leases, token caches, the DX NET maintenance window): a
/// keyed <see cref="TimeProvider"/>, apart from the unkeyed one Orleans runs its membership and timers on, so a
/// test can stop and jump the service's time without stopping the cluster's.
/// </summary>
public static class ServiceClock
{
    /// <summary>The service key; take it with <c>[FromKeyedServices(ServiceClock.Key)] TimeProvider</c>.</summary>
    public const string Key = "maimai";

    /// <summary>Adds the system clock under <see cref="Key"/> unless a clock is registered there already (tests add theirs first).</summary>
    public static IServiceCollection AddServiceClock(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(Key, TimeProvider.System);
        return services;
    }

    /// <summary>The service clock of <paramref name="services"/>.</summary>
    public static TimeProvider Get(IServiceProvider services) => services.GetRequiredKeyedService<TimeProvider>(Key);
}
