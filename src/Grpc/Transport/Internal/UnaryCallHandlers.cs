using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Unary: one request message, then end of stream; one response message.</summary>
internal sealed class UnaryCallHandler<THandler, TRequest, TResponse>(
    ServerMethod method,
    HandlerActivator<THandler> activator,
    Func<THandler, TRequest, ServerCallContext, Task<TResponse>> invoker) : ServerCallHandler(method)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override bool ReadsSingleRequest => true;

    protected override async Task HandleCoreAsync(HttpContext http, HttpServerCallContext context)
    {
        var request = await context.ReadSingleRequestAsync<TRequest>();
        var handler = activator.Create(http);
        TResponse response;
        try
        {
            response = await invoker(handler, request, context);
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }

        if (context.Status.StatusCode == StatusCode.OK)
        {
            // Not flushed: headers, message and trailers leave together when the call completes.
            await context.WriteMessageAsync(response ?? throw new InvalidOperationException("The handler returned a null response."), null, flush: false, CancellationToken.None);
        }
    }
}

/// <summary>Server streaming: one request message; any number of response messages.</summary>
internal sealed class ServerStreamingCallHandler<THandler, TRequest, TResponse>(
    ServerMethod method,
    HandlerActivator<THandler> activator,
    Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoker) : ServerCallHandler(method)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    protected override bool ReadsSingleRequest => true;

    protected override async Task HandleCoreAsync(HttpContext http, HttpServerCallContext context)
    {
        var request = await context.ReadSingleRequestAsync<TRequest>();
        var handler = activator.Create(http);
        try
        {
            await invoker(handler, request, new HttpContextStreamWriter<TResponse>(context), context);
        }
        finally
        {
            await activator.ReleaseAsync(handler);
        }
    }
}
