using Grpc.Reflection.V1;
using Maimai.Grpc.Transport;
using Maimai.Grpc.Transport.Internal;

namespace Maimai.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1.ServerReflection (grpc/grpc doc/server-reflection.md): list_services, file_by_filename,
/// file_containing_symbol with transitive imports, so buf curl and grpcurl need no .proto files.
/// </summary>
public sealed class ServerReflectionHandler
{
    private readonly Lazy<ReflectionIndex> _index;

    internal ServerReflectionHandler(GrpcServiceRegistry registry) =>
        // Built on first use: by then every service has been mapped.
        _index = new Lazy<ReflectionIndex>(() => new ReflectionIndex(registry));

    public async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            await responseStream.WriteAsync(Answer(requestStream.Current, sent));
        }
    }

    internal ServerReflectionResponse Answer(ServerReflectionRequest request, HashSet<string> sent)
    {
        var index = _index.Value;
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in index.ServiceNames)
                {
                    list.Service.Add(new ServiceResponse { Name = name });
                }

                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFile(request.FileByFilename), sent, $"File not found: {request.FileByFilename}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindSymbol(request.FileContainingSymbol), sent, $"Symbol not found: {request.FileContainingSymbol}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                // proto3 files declare no extensions, so no file can contain one.
                response.ErrorResponse = Error(StatusCode.NotFound, $"Extension not found: {request.FileContainingExtension.ContainingType}({request.FileContainingExtension.ExtensionNumber})");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                response = index.IsMessage(request.AllExtensionNumbersOfType)
                    ? WithExtensions(response, request.AllExtensionNumbersOfType)
                    : WithError(response, Error(StatusCode.NotFound, $"Type not found: {request.AllExtensionNumbersOfType}"));
                break;
            default:
                response.ErrorResponse = Error(StatusCode.InvalidArgument, "The request sets no message_request field.");
                break;
        }

        return response;
    }

    private static void SetFile(ServerReflectionResponse response, Google.Protobuf.Reflection.FileDescriptor? file, HashSet<string> sent, string notFound)
    {
        if (file is null)
        {
            response.ErrorResponse = Error(StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        files.FileDescriptorProto.AddRange(ReflectionIndex.WithDependencies(file, sent));
        response.FileDescriptorResponse = files;
    }

    private static ServerReflectionResponse WithExtensions(ServerReflectionResponse response, string type)
    {
        response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = type.TrimStart('.') };
        return response;
    }

    private static ServerReflectionResponse WithError(ServerReflectionResponse response, ErrorResponse error)
    {
        response.ErrorResponse = error;
        return response;
    }

    private static ErrorResponse Error(StatusCode code, string message) => new() { ErrorCode = (int)code, ErrorMessage = message };
}
