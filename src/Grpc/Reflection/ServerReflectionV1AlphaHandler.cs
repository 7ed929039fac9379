using Google.Protobuf;
using Maimai.Grpc.Transport;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Maimai.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection, still asked for by older grpcurl: its messages are wire-identical to
/// v1, so each one is re-read as v1 and answered by the v1 handler.
/// </summary>
public sealed class ServerReflectionV1AlphaHandler(ServerReflectionHandler v1)
{
    public async Task ServerReflectionInfo(
        IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requestStream,
        IServerStreamWriter<V1Alpha.ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteString());
            var answer = v1.Answer(request, sent);
            await responseStream.WriteAsync(V1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteString()));
        }
    }
}
