using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Maimai.Grpc.Transport;

namespace Maimai.Grpc.Tests.Transport;

/// <summary>Start-up fails with a message that says which rpc is missing or mistyped, and what to write instead.</summary>
public sealed class BindingTests
{
    [Fact]
    public async Task Missing_and_mistyped_methods_fail_start_up_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GrpcTestServer.StartAsync(map: app => app.MapGrpcService<BrokenHandler>(EchoReflection.Descriptor.Services[0])));

        Assert.Contains("Handler Maimai.Grpc.Tests.Transport.BindingTests+BrokenHandler cannot serve maimai.test.v1.EchoService", error.Message, StringComparison.Ordinal);
        // Wrong request type.
        Assert.Contains("rpc Unary (unary): found Task<EchoReply> Unary(FailRequest, ServerCallContext). Expected: public Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)", error.Message, StringComparison.Ordinal);
        // Unary shape where the rpc streams.
        Assert.Contains("rpc ServerStream (server streaming): found Task<EchoReply> ServerStream(EchoRequest, ServerCallContext). Expected: public Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)", error.Message, StringComparison.Ordinal);
        // Not there at all.
        Assert.Contains("rpc Bidi (bidirectional streaming): no public method named Bidi. Expected: public Task Bidi(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_the_same_service_twice_fails()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GrpcTestServer.StartAsync(map: app => app.MapGrpcService<EchoHandler>(EchoReflection.Descriptor.Services[0])));

        Assert.Equal("Service maimai.test.v1.EchoService is mapped twice.", error.Message);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Bound as instance methods.")]
    private sealed class BrokenHandler
    {
        public Task<EchoReply> Unary(FailRequest request, ServerCallContext context) => Task.FromResult(new EchoReply());

        public Task<EchoReply> ServerStream(EchoRequest request, ServerCallContext context) => Task.FromResult(new EchoReply());
    }
}
