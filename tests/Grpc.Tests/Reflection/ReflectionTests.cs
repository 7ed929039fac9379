using Google.Protobuf.Reflection;
using Maimai.Grpc.Tests.TestHost;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Maimai.Grpc.Tests.Reflection;

/// <summary>Server reflection v1 and v1alpha, as buf curl and grpcurl use it.</summary>
[Collection(SharedServerGroup.Name)]
public sealed class ReflectionTests(SharedServerFixture fixture)
{
    private const string V1Path = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";

    private GrpcTestServer Server => fixture.Server;

    [Fact]
    public async Task List_services_names_every_mapped_service()
    {
        await using var call = await DuplexCall.StartAsync(Server.Http2, V1Path);
        var response = await AskAsync(call, new V1.ServerReflectionRequest { ListServices = "*" });

        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "maimai.test.v1.EchoService"],
            response.ListServicesResponse.Service.Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task File_containing_symbol_includes_transitive_imports_once_per_stream()
    {
        await using var call = await DuplexCall.StartAsync(Server.Http2, V1Path);
        var first = await AskAsync(call, new V1.ServerReflectionRequest { FileContainingSymbol = "maimai.test.v1.EchoService" });
        Assert.Equal(["echo.proto", "echo_types.proto", "google/protobuf/duration.proto"], Names(first));

        // The imports were sent on this stream already: only the asked-for file comes back.
        var again = await AskAsync(call, new V1.ServerReflectionRequest { FileByFilename = "echo_types.proto" });
        Assert.Equal(["echo_types.proto"], Names(again));

        var method = await AskAsync(call, new V1.ServerReflectionRequest { FileContainingSymbol = "maimai.test.v1.EchoService.Unary" });
        Assert.Equal(["echo.proto"], Names(method));
        var message = await AskAsync(call, new V1.ServerReflectionRequest { FileContainingSymbol = "maimai.test.v1.Timing" });
        Assert.Equal(["echo_types.proto"], Names(message));
    }

    [Fact]
    public async Task Unknown_symbol_and_file_answer_not_found_in_band()
    {
        await using var call = await DuplexCall.StartAsync(Server.Http2, V1Path);
        var symbol = await AskAsync(call, new V1.ServerReflectionRequest { FileContainingSymbol = "no.Such" });
        var file = await AskAsync(call, new V1.ServerReflectionRequest { FileByFilename = "nope.proto" });

        Assert.Equal(5, symbol.ErrorResponse.ErrorCode);
        Assert.Equal(5, file.ErrorResponse.ErrorCode);
        await call.CompleteRequestAsync();
        Assert.Null(await call.ReadFrameAsync());
        Assert.Equal("0", call.Trailer("grpc-status"));
    }

    [Fact]
    public async Task V1alpha_answers_like_v1()
    {
        await using var call = await DuplexCall.StartAsync(Server.Http2, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
        await call.SendAsync(GrpcWire.Frame(new V1Alpha.ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health" }));
        var frame = await call.ReadFrameAsync();
        var response = V1Alpha.ServerReflectionResponse.Parser.ParseFrom(frame!.Value.Payload);

        var proto = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc/health/v1/health.proto", proto.Name);
        Assert.Equal("Health", Assert.Single(proto.Service).Name);
    }

    private static async Task<V1.ServerReflectionResponse> AskAsync(DuplexCall call, V1.ServerReflectionRequest request)
    {
        await call.SendAsync(GrpcWire.Frame(request));
        var frame = await call.ReadFrameAsync();
        Assert.NotNull(frame);
        var response = V1.ServerReflectionResponse.Parser.ParseFrom(frame.Value.Payload);
        Assert.Equal(request, response.OriginalRequest);
        return response;
    }

    private static List<string> Names(V1.ServerReflectionResponse response) =>
        [.. response.FileDescriptorResponse.FileDescriptorProto.Select(b => FileDescriptorProto.Parser.ParseFrom(b).Name)];
}
