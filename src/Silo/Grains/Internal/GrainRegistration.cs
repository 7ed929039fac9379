namespace Maimai.Silo.Grains.Internal;

/// <summary>A grain type the runtime may activate, with its factory when one was given
/// (a <c>Func&lt;IServiceProvider, TKey, TGrain&gt;</c>).</summary>
internal sealed record GrainRegistration(Type GrainType, Delegate? Factory);
