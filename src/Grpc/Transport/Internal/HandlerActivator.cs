using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Gets a handler instance per call: from the container when the handler type is registered (its lifetime applies),
/// otherwise created with constructor injection and disposed after the call.
/// </summary>
internal sealed class HandlerActivator<THandler>
    where THandler : class
{
    private readonly ObjectFactory<THandler>? _factory;
    private readonly THandler? _instance;

    /// <summary>Every call uses <paramref name="instance"/>, which the caller owns.</summary>
    public HandlerActivator(THandler instance) => _instance = instance;

    public HandlerActivator(IServiceProvider applicationServices)
    {
        var registered = applicationServices.GetService<IServiceProviderIsService>()?.IsService(typeof(THandler)) == true;
        _factory = registered ? null : ActivatorUtilities.CreateFactory<THandler>([]);
    }

    public THandler Create(IServiceProvider requestServices) =>
        _instance ?? (_factory is null ? requestServices.GetRequiredService<THandler>() : _factory(requestServices, null));

    public ValueTask ReleaseAsync(THandler handler)
    {
        if (_factory is null || _instance is not null)
        {
            return ValueTask.CompletedTask;
        }

        if (handler is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (handler as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
