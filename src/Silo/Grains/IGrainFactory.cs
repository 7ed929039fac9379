namespace Maimai.Silo.Grains;

/// <summary>Hands out references to grains by type and key; the activation itself is created on the first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of type <typeparamref name="TGrain"/> with this key. Cheap: no allocation,
    /// no activation. The grain type must be registered with <see cref="GrainsBuilder.AddGrain{TGrain}()"/>.</summary>
    GrainReference<TGrain, TKey> GetGrain<TGrain, TKey>(TKey key)
        where TGrain : class, IGrain
        where TKey : notnull, IEquatable<TKey>;
}
