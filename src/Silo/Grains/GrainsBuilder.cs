using Maimai.Silo.Grains.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Grains;

/// <summary>Registers grain types with the runtime; returned by <see cref="GrainServiceCollectionExtensions.AddGrains"/>.</summary>
public sealed class GrainsBuilder
{
    internal GrainsBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>Lets the runtime activate <typeparamref name="TGrain"/>. Instances are built with ActivatorUtilities:
    /// constructor services come from DI, and a constructor parameter of the key's type receives the key.</summary>
    public GrainsBuilder AddGrain<TGrain>()
        where TGrain : class, IGrain
    {
        Services.AddSingleton(new GrainRegistration(typeof(TGrain), null));
        return this;
    }

    /// <summary>Lets the runtime activate <typeparamref name="TGrain"/>, built by <paramref name="factory"/> from the
    /// root service provider and the key.</summary>
    public GrainsBuilder AddGrain<TGrain, TKey>(Func<IServiceProvider, TKey, TGrain> factory)
        where TGrain : class, IGrain
        where TKey : notnull, IEquatable<TKey>
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(new GrainRegistration(typeof(TGrain), factory));
        return this;
    }
}
