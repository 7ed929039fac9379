using Microsoft.Extensions.Options;

namespace Maimai.Silo.Retention;

/// <summary>Registers retention: <see cref="RetentionOptions"/> ("Retention"), the thinning, and its reminder at start-up.</summary>
public static class RetentionServices
{
    /// <summary>Needs AddStorage, AddApi (the snapshot cache) and the Orleans silo, added before so it starts first.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .Validate(o => o.KeepAllFor >= TimeSpan.Zero && o.KeepDailyFor >= o.KeepAllFor,
                "Retention:KeepDailyFor must be at least Retention:KeepAllFor, and neither negative.")
            .Validate(o => o.Interval >= TimeSpan.FromMinutes(1), "Retention:Interval must be at least a minute (an Orleans reminder).")
            .ValidateOnStart();
        services.AddSingleton<SnapshotThinning>();
        services.AddHostedService<RetentionSchedule>();
        return services;
    }

    /// <summary>Tells the retention grain at start-up whether its reminder should exist.</summary>
    private sealed class RetentionSchedule(IGrainFactory grains) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            grains.GetGrain<IRetentionGrain>(0).ScheduleAsync().WaitAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
