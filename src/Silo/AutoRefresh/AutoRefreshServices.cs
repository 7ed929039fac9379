using Maimai.Core.Fetching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maimai.Silo.AutoRefresh;

/// <summary>Registers auto-refresh: <see cref="AutoRefreshOptions"/> ("AutoRefresh"), the poller and <see cref="IAutoRefresh"/>.</summary>
public static class AutoRefreshServices
{
    /// <summary>Needs AddStorage, AddScraperPlugins, AddFetching and the Orleans silo (its reminders).</summary>
    public static IServiceCollection AddAutoRefresh(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AutoRefreshOptions>()
            .Bind(configuration.GetSection(AutoRefreshOptions.SectionName))
            .Validate(o => o.MinimumInterval >= TimeSpan.FromMinutes(1) && o.MaximumInterval >= o.MinimumInterval,
                "AutoRefresh:MinimumInterval must be at least a minute (an Orleans reminder) and no more than AutoRefresh:MaximumInterval.")
            .Validate(o => o.DefaultInterval >= o.MinimumInterval && o.DefaultInterval <= o.MaximumInterval,
                "AutoRefresh:DefaultInterval must lie between AutoRefresh:MinimumInterval and AutoRefresh:MaximumInterval.")
            .Validate(o => o.MaxConcurrentPolls > 0 && o.SlotWait >= TimeSpan.Zero && o.MaximumBackoff > TimeSpan.Zero,
                "AutoRefresh:MaxConcurrentPolls must be at least 1, SlotWait not negative and MaximumBackoff positive.")
            .ValidateOnStart();
        services.TryAddSingleton<AutoRefreshPoller>();
        services.TryAddSingleton<IAutoRefresh, AutoRefreshSchedules>();
        return services;
    }
}
