using Grpc.Health.V1;
using Maimai.Grpc.Transport;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Maimai.Grpc.Health;

/// <summary>grpc.health.v1.Health (grpc/grpc doc/health-checking.md) over <see cref="HealthStatusBoard"/>.</summary>
public sealed class HealthHandler(HealthStatusBoard board)
{
    public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!board.TryGetStatus(request.Service, out var status))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        }

        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var subscription = board.Watch(request.Service);
        ServingStatus? sent = null;
        try
        {
            await foreach (var status in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                if (status != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status });
                    sent = status;
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client stopped watching, or the server is shutting down: the stream simply ends.
        }
    }
}
