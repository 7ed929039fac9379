using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Maimai.Grpc.Interceptors.Internal;

/// <summary>
/// Ends every call that throws with the status <see cref="ApiExceptionMap"/> gives its exception. A request stream
/// the framework cannot read (a bad frame or message from the client) is INTERNAL, as Grpc.AspNetCore answers it.
/// </summary>
internal sealed class ExceptionMappingInterceptor(IOptions<ApiExceptionMap> options) : Interceptor
{
    private readonly ApiExceptionMap _map = options.Value;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw _map.ToRpcException(e, context.CancellationToken);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(new RequestStreamReader<TRequest>(requestStream), context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw _map.ToRpcException(e, context.CancellationToken);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw _map.ToRpcException(e, context.CancellationToken);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(new RequestStreamReader<TRequest>(requestStream), responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw _map.ToRpcException(e, context.CancellationToken);
        }
    }
}
