using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Gets a handler instance per call: from the container when the handler type is registered (its lifetime applies),
/// otherwise created with constructor injection and disposed after the call. Lifetimes are probed once at start-up
/// so the common cases skip the per-call request scope: a registered singleton is resolved once, and an unregistered
/// handler whose constructor takes only singletons is built from the root provider.
/// </summary>
internal sealed class HandlerActivator<THandler>
    where THandler : class
{
    private readonly ObjectFactory<THandler>? _factory;
    private readonly THandler? _instance;
    private readonly IServiceProvider? _root;
    private readonly bool _ownsInstances;

    /// <summary>Every call uses <paramref name="instance"/>, which the caller owns.</summary>
    public HandlerActivator(THandler instance) => _instance = instance;

    public HandlerActivator(IServiceProvider applicationServices)
    {
        var registered = applicationServices.GetService<IServiceProviderIsService>()?.IsService(typeof(THandler)) == true;
        if (registered)
        {
            // The container owns it; a singleton is the same object in every scope, so it can be kept.
            _instance = IsSingleton(applicationServices, typeof(THandler)) ? applicationServices.GetRequiredService<THandler>() : null;
            return;
        }

        _factory = ActivatorUtilities.CreateFactory<THandler>([]);
        _ownsInstances = true;
        if (OnlyNeedsSingletons(applicationServices))
        {
            _root = applicationServices;
        }
    }

    public THandler Create(HttpContext http) =>
        _instance ?? (_factory is null ? http.RequestServices.GetRequiredService<THandler>() : _factory(_root ?? http.RequestServices, null));

    public ValueTask ReleaseAsync(THandler handler)
    {
        if (!_ownsInstances)
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

    // One public constructor whose every parameter is a registered singleton: the request scope adds nothing.
    private static bool OnlyNeedsSingletons(IServiceProvider services)
    {
        var constructors = typeof(THandler).GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        return constructors.Length == 1 && constructors[0].GetParameters().All(p => IsSingleton(services, p.ParameterType));
    }

    // No public API tells a service's lifetime: a singleton is the one service that resolves to the same instance
    // in two different scopes (scoped and transient services do not).
    private static bool IsSingleton(IServiceProvider services, Type type)
    {
        if (services.GetService<IServiceProviderIsService>()?.IsService(type) != true)
        {
            return false;
        }

        try
        {
            using var first = services.CreateScope();
            using var second = services.CreateScope();
            var instance = first.ServiceProvider.GetService(type);
            return instance is not null && ReferenceEquals(instance, second.ServiceProvider.GetService(type));
        }
#pragma warning disable CA1031 // whatever the probe hits, the call itself will meet (and report) it
        catch (Exception)
        {
            return false; // cannot be built outside a call: leave it to the request scope
        }
#pragma warning restore CA1031
    }
}
