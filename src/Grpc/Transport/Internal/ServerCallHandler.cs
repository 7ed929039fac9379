using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// The shared life of every call: protocol checks (content type, HTTP version), CORS, validation of the gRPC headers,
/// running the method, and turning the outcome into the final status (PROTOCOL-HTTP2.md#responses).
/// </summary>
internal abstract class ServerCallHandler(ServerMethod method)
{
    protected ServerMethod Method { get; } = method;

    public string FullName => Method.FullName;

    // Not async: when the call waits for its request, only RunCallAsync's state machine is boxed, not this one too.
    public Task HandleCallAsync(HttpContext http)
    {
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            Method.Cors.HandlePreflight(http);
            return Task.CompletedTask;
        }

        var kind = GrpcContentType.Classify(http.Request.ContentType);
        if (kind == GrpcRequestKind.Unsupported || (kind != GrpcRequestKind.Grpc && !Method.Options.GrpcWebEnabled))
        {
            GrpcLog.UnsupportedContentType(Method.Logger, http.Request.ContentType);
            ProtocolRejection.Write(http, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{http.Request.ContentType}' is not supported.");
            return Task.CompletedTask;
        }

        if (kind == GrpcRequestKind.Grpc && !HttpProtocol.IsHttp2(http.Request.Protocol) && !HttpProtocol.IsHttp3(http.Request.Protocol))
        {
            GrpcLog.UnsupportedProtocol(Method.Logger, http.Request.Protocol);
            ProtocolRejection.Write(http, StatusCodes.Status426UpgradeRequired, $"Request protocol '{http.Request.Protocol}' is not supported: gRPC needs HTTP/2.");
            return Task.CompletedTask;
        }

        if (kind != GrpcRequestKind.Grpc)
        {
            Method.Cors.ApplyToCall(http);
        }

        return RunCallAsync(http, kind);
    }

    /// <summary>
    /// Unary and server-streaming calls: the request is buffered until the body ends before <see cref="HandleCoreAsync"/>
    /// runs, so the layers below read it without waiting (an await that suspends boxes every async frame above it).
    /// </summary>
    protected virtual bool ReadsSingleRequest => false;

    /// <summary>Reads the request, runs the handler and writes its responses; the final status is written by the caller.</summary>
    protected abstract Task HandleCoreAsync(HttpContext http, HttpServerCallContext context);

    private async Task RunCallAsync(HttpContext http, GrpcRequestKind kind)
    {
        var started = Stopwatch.GetTimestamp();
        Method.Metrics.CallStarted(Method.FullName);
        Method.Tracker.Enter();
        var context = new HttpServerCallContext(http, Method, kind);
        var status = Status.DefaultSuccess;
        try
        {
            context.WriteCommonHeaders();
            if (Method.Tracker.IsStopping)
            {
                GrpcLog.ShuttingDown(Method.Logger, Method.FullName);
                status = GrpcProtocolConstants.ShuttingDown;
            }
            else if (await context.InitializeAsync() is { } rejection)
            {
                GrpcLog.CallRejected(Method.Logger, Method.FullName, rejection.StatusCode, rejection.Detail);
                status = rejection;
            }
            else
            {
                if (ReadsSingleRequest)
                {
                    var reader = context.Reader;
                    while (!reader.SingleRequestReady)
                    {
                        reader.Accept(await reader.Body.ReadAsync(context.CallToken));
                    }
                }

                await HandleCoreAsync(http, context);
                status = context.Status;
            }
        }
        catch (Exception ex)
        {
            status = context.ResolveFailure(ex);
        }

        try
        {
            await context.FinishAsync(status);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away while the status was being written; nothing is left to tell it.
            GrpcLog.ClientCancelled(Method.Logger, Method.FullName);
            status = GrpcProtocolConstants.ClientCancelled;
        }
        finally
        {
            Method.Tracker.Exit();
            Method.Metrics.CallFinished(Method.FullName, context.DeadlineFired ? StatusCode.DeadlineExceeded : status.StatusCode, started);
            context.Dispose();
        }
    }
}
