namespace Maimai.Grpc.Transport;

/// <summary>
/// What a handler sees of its call (mirrors Grpc.Core.ServerCallContext): headers in, headers and trailers out,
/// the deadline and a token cancelled when the client goes away or the deadline passes. No HTTP types leak through.
/// </summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, "/package.Service/Method".</summary>
    public abstract string Method { get; }

    /// <summary>The host (authority) the client called.</summary>
    public abstract string Host { get; }

    /// <summary>The client's address, e.g. "ipv4:127.0.0.1:54321".</summary>
    public abstract string Peer { get; }

    /// <summary>When the call expires (from grpc-timeout), or <see cref="DateTime.MaxValue"/> without one. UTC.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>The client's custom metadata ("-bin" values already decoded).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Trailers sent with the status at the end of the call.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status the call ends with when the handler returns normally. Defaults to OK.</summary>
    public abstract Status Status { get; set; }

    /// <summary>Cancelled when the client resets the call, the deadline passes, or the server shuts down.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Default options for response writes.</summary>
    public abstract WriteOptions? WriteOptions { get; set; }

    /// <summary>
    /// Compression for response messages ("gzip" or "identity"); null uses the server's option. Applied only when the
    /// client advertised the algorithm in grpc-accept-encoding (doc/compression.md). Set before the first write.
    /// </summary>
    public abstract string? ResponseCompression { get; set; }

    /// <summary>Sends the response headers now; at most once, before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    /// <summary>Services the call may use (the request's scope).</summary>
    public abstract IServiceProvider Services { get; }
}
