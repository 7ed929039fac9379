using Maimai.Grpc.Transport;

namespace Maimai.Grpc.Tests.Services;

/// <summary>A call context for invoking handler methods directly, with the given request headers.</summary>
public sealed class TestCallContext(params (string Key, string Value)[] headers) : ServerCallContext
{
    private readonly Metadata _headers = Build(headers);

    public override string Method => "/test/Method";

    public override string Host => "localhost";

    public override string Peer => "ipv4:127.0.0.1:1";

    public override DateTime Deadline => DateTime.MaxValue;

    public override Metadata RequestHeaders => _headers;

    public override Metadata ResponseTrailers { get; } = [];

    public override Maimai.Grpc.Transport.Status Status { get; set; }

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override WriteOptions? WriteOptions { get; set; }

    public override string? ResponseCompression { get; set; }

    public override IServiceProvider Services => throw new NotSupportedException();

    public override Task WriteResponseHeadersAsync(Metadata responseHeaders) => Task.CompletedTask;

    private static Metadata Build((string Key, string Value)[] headers)
    {
        var metadata = new Metadata();
        foreach (var (key, value) in headers)
        {
            metadata.Add(key, value);
        }

        return metadata;
    }
}
