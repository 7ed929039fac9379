using Maimai.Silo.Grains;
using Maimai.Silo.Grains.Internal;
using Maimai.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Maimai.Silo.Tests.Grains;

/// <summary>A grain runtime on a fake clock, with <see cref="ProbeGrain"/> registered; stops and disposes at the end.</summary>
internal sealed class GrainHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private GrainHarness(ServiceProvider services)
    {
        Services = services;
        Clock = (ManualTimeProvider)services.GetRequiredService<TimeProvider>();
        Journal = services.GetRequiredService<ProbeJournal>();
        Runtime = services.GetRequiredService<GrainRuntime>();
        Grains = services.GetRequiredService<IGrainFactory>();
    }

    public ServiceProvider Services { get; }

    public ManualTimeProvider Clock { get; }

    public ProbeJournal Journal { get; }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Grains { get; }

    public IHostedService HostedService => Services.GetServices<IHostedService>().OfType<GrainRuntimeHostedService>().Single();

    public static GrainHarness Create(Action<GrainRuntimeOptions>? configure = null, Action<GrainsBuilder>? register = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<ProbeJournal>();
        var grains = services.AddGrains(configure).AddGrain<ProbeGrain>();
        register?.Invoke(grains);
        return new GrainHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    public GrainReference<ProbeGrain, string> Probe(string key) => Grains.GetGrain<ProbeGrain, string>(key);

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        await Services.DisposeAsync();
    }
}
