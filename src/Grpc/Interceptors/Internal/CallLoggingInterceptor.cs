using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Interceptors.Internal;

/// <summary>
/// Logs how each call that failed ended (<see cref="CallLog"/>) and measures every call (<see cref="CallMetrics"/>).
/// Runs outside <see cref="ExceptionMappingInterceptor"/>, so it sees the status the client gets, with the original
/// exception as its DebugException.
/// </summary>
internal sealed class CallLoggingInterceptor(ILogger<CallLoggingInterceptor> logger, CallMetrics metrics) : Interceptor
{
    // The calls go through ObserveAsync with their arguments as state and static lambdas: no closure per call.
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        ObserveAsync(context, (request, context, continuation), static s => s.continuation(s.request, s.context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        ObserveAsync(context, (requestStream, context, continuation), static s => s.continuation(s.requestStream, s.context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        ObserveAsync(context, (request, responseStream, context, continuation), static async s =>
        {
            await s.continuation(s.request, s.responseStream, s.context);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        ObserveAsync(context, (requestStream, responseStream, context, continuation), static async s =>
        {
            await s.continuation(s.requestStream, s.responseStream, s.context);
            return true;
        });

    private async Task<T> ObserveAsync<TState, T>(ServerCallContext context, TState state, Func<TState, Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await call(state);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            CallLog.Ended(logger, context.Method, e, context.Deadline);
            throw;
        }
        finally
        {
            metrics.Ended(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }
}
