using Grpc.AspNetCore.Server;
using Maimai.Grpc.Interceptors.Internal;

namespace Maimai.Grpc.Interceptors;

/// <summary>The interceptors every service of the host runs behind.</summary>
public static class ApiInterceptors
{
    /// <summary>
    /// Adds, outermost first, call logging (a failure's level: a cancelling client is Information, an unnamed
    /// failure Error) and exception mapping (<see cref="ApiExceptionMap"/>), so no service method catches or logs.
    /// </summary>
    public static GrpcServiceOptions AddApiInterceptors(this GrpcServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Interceptors.Add<CallLoggingInterceptor>();
        options.Interceptors.Add<ExceptionMappingInterceptor>();
        return options;
    }
}
