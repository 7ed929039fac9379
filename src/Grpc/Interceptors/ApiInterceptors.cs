using Grpc.AspNetCore.Server;
using Maimai.Grpc.Interceptors.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Interceptors;

/// <summary>Grpc.AspNetCore as every host of the API runs it: the same interceptors and the same log levels.</summary>
public static class ApiInterceptors
{
    /// <summary>The meter of the API's calls (rpc.server.call.duration by method and status).</summary>
    public const string MeterName = "Maimai.Grpc";

    // Grpc.AspNetCore's own call handler logs "Error when executing service method" only for exceptions that escape
    // the interceptors: with ExceptionMappingInterceptor in place, those are requests it could not read (a client
    // sending a bad frame or message), which it has already logged at Information. They are not server errors.
    private const string FrameworkCallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    /// <summary>
    /// Adds Grpc.AspNetCore with, outermost first, call logging and metrics (a failure's level: a cancelling client is
    /// Information, an unnamed failure Error; every call's duration on the "Maimai.Grpc" meter) and exception mapping (<see cref="ApiExceptionMap"/>), so no service
    /// method catches or logs.
    /// </summary>
    public static IGrpcServerBuilder AddApiGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.AddSingleton<CallMetrics>();
        // Registered in DI, so Grpc.AspNetCore takes one instance for every call instead of building one per call.
        services.AddSingleton<CallLoggingInterceptor>();
        services.AddSingleton<ExceptionMappingInterceptor>();
        // Information and Warning only: the call's failure is logged by CallLoggingInterceptor, its read by the handler.
        services.Configure<LoggerFilterOptions>(options => options.Rules.Add(
            new LoggerFilterRule(null, FrameworkCallHandlerCategory, LogLevel.Information, (_, _, level) => level < LogLevel.Error)));
        return services.AddGrpc(options =>
        {
            options.Interceptors.Add<CallLoggingInterceptor>();
            options.Interceptors.Add<ExceptionMappingInterceptor>();
            configure?.Invoke(options);
        });
    }
}
