using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Client streaming: any number of request messages; one response message.</summary>
internal sealed class ClientStreamingCallHandler<THandler, TRequest, TResponse>(
    ServerMethod method,
    HandlerActivator<THandler> activator,
    Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> invoker) : ServerCallHandler(method)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override async Task HandleCoreAsync(HttpContext http, HttpServerCallContext context)
    {
        var handler = activator.Create(http);
        var requestStream = new HttpContextStreamReader<TRequest>(context, Method);
        TResponse response;
        try
        {
            response = await invoker(handler, requestStream, context);
        }
        finally
        {
            await requestStream.EndAsync();
            await activator.ReleaseAsync(handler);
        }

        if (context.Status.StatusCode == StatusCode.OK)
        {
            await context.WriteMessageAsync(response ?? throw new InvalidOperationException("The handler returned a null response."), null, flush: false, CancellationToken.None);
        }
    }
}

/// <summary>Bidirectional streaming: request and response messages flow independently.</summary>
internal sealed class DuplexStreamingCallHandler<THandler, TRequest, TResponse>(
    ServerMethod method,
    HandlerActivator<THandler> activator,
    Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoker) : ServerCallHandler(method)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override async Task HandleCoreAsync(HttpContext http, HttpServerCallContext context)
    {
        var handler = activator.Create(http);
        var requestStream = new HttpContextStreamReader<TRequest>(context, Method);
        try
        {
            await invoker(handler, requestStream, new HttpContextStreamWriter<TResponse>(context), context);
        }
        finally
        {
            await requestStream.EndAsync();
            await activator.ReleaseAsync(handler);
        }
    }
}
