using Maimai.Grpc.Interceptors;
using Maimai.Grpc.Tests.Echo;
using Maimai.Grpc.Tests.TestHost;
using Microsoft.Extensions.Logging;

namespace Maimai.Grpc.Tests.Interceptors;

/// <summary>
/// What a client sees when a service fails, through the API's interceptors: its own status and trailers as thrown,
/// a host rule's status, or UNKNOWN with a fixed message; never the exception's text. Only the last logs an Error.
/// </summary>
[Collection(SharedServerGroup.Name)]
public sealed class ErrorMappingTests(SharedServerFixture fixture)
{
    private const string Fail = "/maimai.test.v1.EchoService/Fail";

    private GrpcTestServer Server => fixture.Server;

    [Fact]
    public async Task A_thrown_status_and_its_trailers_reach_the_client_percent_encoded()
    {
        var request = new FailRequest { Code = 9, Message = "50% done ü\n\t~" };
        var response = await GrpcWire.PostAsync(Server.Http2, Fail, GrpcWire.Frame(request));

        GrpcAssert.TrailersOnlyError(response, 9, "50%25 done %C3%BC%0A%09~");
        Assert.Equal("test", response.Headers["x-reason"]);
        Assert.Equal("AQID", response.Headers["x-raw-bin"].TrimEnd('='));
        Assert.Contains(Server.Logs.Entries, e => e.EventId.Name == "RpcError" && e.Level == LogLevel.Information && e.Message.Contains("/Fail", StringComparison.Ordinal));
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task An_exception_no_rule_names_is_unknown_with_a_fixed_message_and_logged_as_an_error()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, Fail, GrpcWire.Frame(new FailRequest { ThrowPlain = true }));

        GrpcAssert.TrailersOnlyError(response, 2, ApiExceptionMap.HandlerFailedMessage);
        Assert.DoesNotContain("secret", response.Headers["grpc-message"], StringComparison.Ordinal);
        Assert.Contains(Server.Logs.Errors, e => e.EventId.Name == "HandlerFailed" && e.Exception is InvalidOperationException);
        await GrpcAssert.StillServesAsync(Server);
    }

    [Fact]
    public async Task A_host_rule_answers_its_status_and_logs_a_warning_not_an_error()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, Fail, GrpcWire.Frame(new FailRequest { ThrowMapped = true }));

        GrpcAssert.TrailersOnlyError(response, 14, "Try again.");
        Assert.Contains(Server.Logs.Entries, e => e.EventId.Name == "HandlerFailureMapped" && e.Level == LogLevel.Warning && e.Exception is TimeoutException);
        Assert.DoesNotContain(Server.Logs.Errors, e => e.Exception is TimeoutException);
    }

    [Fact]
    public async Task A_cancellation_the_call_did_not_ask_for_is_a_handler_failure_not_cancelled()
    {
        var response = await GrpcWire.PostAsync(Server.Http2, Fail, GrpcWire.Frame(new FailRequest { ThrowCancelled = true }));

        GrpcAssert.TrailersOnlyError(response, 2, ApiExceptionMap.HandlerFailedMessage);
        Assert.DoesNotContain("secret", response.Headers["grpc-message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rich_status_details_carry_the_same_code_as_grpc_status()
    {
        var request = new FailRequest { Code = 8, Message = "slow down", WithDetails = true };
        var response = await GrpcWire.PostAsync(Server.Http2, Fail, GrpcWire.Frame(request));

        GrpcAssert.TrailersOnlyError(response, 8, "slow down");
        var details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(response.Headers["grpc-status-details-bin"])));
        Assert.Equal(8, details.Code);
        Assert.Equal("slow down", details.Message);
        var retry = Assert.Single(details.Details).Unpack<Google.Rpc.RetryInfo>();
        Assert.Equal(42, retry.RetryDelay.Seconds);
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
}
