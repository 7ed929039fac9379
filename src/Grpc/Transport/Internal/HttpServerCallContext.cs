using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// One call over HTTP: implements <see cref="ServerCallContext"/> and owns the response. Every write and the final
/// status go through here; with a deadline, a lock orders them against the deadline timer.
/// </summary>
internal sealed partial class HttpServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly ServerMethod _method;
    private readonly GrpcRequestKind _kind;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private CancellationTokenSource? _cts;
    private CancellationTokenRegistration _abortRegistration;
    private CancellationTokenRegistration _drainRegistration;
    private SemaphoreSlim? _writeLock;
    private ITimer? _deadlineTimer;
    private PooledBufferWriter? _textBuffer;
    private DateTime _deadline = DateTime.MaxValue;
    private CompressionLevel? _responseGzip;
    private bool _headersSent;
    private bool _completed;
    private volatile bool _deadlineFired;

    public HttpServerCallContext(HttpContext http, ServerMethod method, GrpcRequestKind kind)
    {
        _http = http;
        _method = method;
        _kind = kind;
    }

    public RequestFrameReader Reader { get; private set; } = null!;

    public bool DeadlineFired => _deadlineFired;

    /// <summary>The token for transport reads: the call's token when one exists, else the request's abort token.</summary>
    public CancellationToken CallToken => _cts?.Token ?? _http.RequestAborted;

    public override string Method => _method.FullName;

    public override string Host => _http.Request.Host.Value ?? "";

    public override string Peer => _http.Connection.RemoteIpAddress is { } ip
        ? (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"ipv6:[{ip}]:" : $"ipv4:{ip}:") + _http.Connection.RemotePort
        : "unknown";

    public override DateTime Deadline => _deadline;

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override CancellationToken CancellationToken => (_cts ?? CreateCancellation()).Token;

    public override WriteOptions? WriteOptions { get; set; }

    public override string? ResponseCompression { get; set; }

    public override IServiceProvider Services => _http.RequestServices;

    /// <summary>Validates the call's headers and prepares the reader; a failure is returned as the status to send.</summary>
    public async ValueTask<Status?> InitializeAsync()
    {
        var headers = _http.Request.Headers;
        TimeSpan? timeout = null;
        if (headers.TryGetValue(GrpcProtocolConstants.TimeoutHeader, out var timeoutValue))
        {
            if (!TimeoutHeader.TryParse(timeoutValue.ToString(), out var parsed))
            {
                return GrpcProtocolConstants.BadTimeout;
            }

            timeout = parsed;
        }

        var gzip = false;
        if (headers.TryGetValue(GrpcProtocolConstants.EncodingHeader, out var encoding))
        {
            var name = encoding.ToString();
            if (name == GrpcProtocolConstants.GzipEncoding)
            {
                gzip = true;
            }
            else if (name != GrpcProtocolConstants.IdentityEncoding)
            {
                // doc/compression.md: UNIMPLEMENTED, and grpc-accept-encoding (always sent) lists what we support.
                return GrpcProtocolConstants.UnsupportedEncoding;
            }
        }

        // Streams may be long and slow: the request body has neither a size cap nor a minimum data rate here;
        // each message is bounded by MaxReceiveMessageSize instead.
        if (_http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (_http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rateFeature)
        {
            rateFeature.MinDataRate = null;
        }

        if (timeout is { } due)
        {
            StartDeadline(due);
        }

        var protocol = _http.Request.Protocol;
        var body = new RequestBody(_http.Request.BodyReader, cancelsByPendingRead: !HttpProtocol.IsHttp2(protocol) && !HttpProtocol.IsHttp3(protocol));
        if (_kind == GrpcRequestKind.GrpcWebText)
        {
            // The decoded body is in memory: its reads never wait.
            body = new RequestBody(await GrpcWebText.DecodeRequestAsync(body, _method.Options.MaxReceiveMessageSize, CancellationToken), cancelsByPendingRead: false);
            _textBuffer = new PooledBufferWriter();
        }

        Reader = new RequestFrameReader(body, _method.Options.MaxReceiveMessageSize, gzip);
        return null;
    }

    /// <summary>Reads the one request message of a unary or server-streaming call and checks nothing follows it.</summary>
    public async ValueTask<T> ReadSingleRequestAsync<T>()
        where T : class, IMessage<T>
    {
        var request = await Reader.ReadAsync(MessageCodec<T>.Instance, CallToken)
            ?? throw new RpcException(GrpcProtocolConstants.MissingMessage);
        _method.Metrics.MessageReceived(_method.FullName);
        await Reader.ReadEndAsync(CallToken);
        return request;
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        await EnterAsync(CancellationToken.None);
        try
        {
            ThrowIfCompleted();
            if (_headersSent)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call.");
            }

            PrepareHeaders();
            MetadataCodec.WriteHeaders(_http.Response.Headers, responseHeaders);
            _headersSent = true;
            await _http.Response.StartAsync(CancellationToken);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>Frames <paramref name="message"/> into the response; flushes it when <paramref name="flush"/>.</summary>
    public async Task WriteMessageAsync(IMessage message, WriteOptions? options, bool flush, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        try
        {
            ThrowIfCompleted();
            if (!_headersSent)
            {
                PrepareHeaders();
            }

            var flags = (options ?? WriteOptions)?.Flags ?? WriteFlags.None;
            var level = (flags & WriteFlags.NoCompress) != 0 ? null : _responseGzip;
            ResponseFraming.WriteMessage(BodyWriter, message, _method.Options.MaxSendMessageSize, level);
            // Only now is the response committed: a message refused above still leaves Trailers-Only possible.
            _headersSent = true;
            _method.Metrics.MessageSent(_method.FullName);
            if (flush)
            {
                await FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : _http.RequestAborted);
            }
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>Sends the final status (Trailers-Only when nothing was sent yet). No-op once the call completed.</summary>
    public async Task FinishAsync(Status status)
    {
        await EnterAsync(CancellationToken.None);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (_http.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            WriteStatus(status);
            if (_textBuffer is not null)
            {
                await FlushAsync(_http.RequestAborted);
            }
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _abortRegistration.Dispose();
        _drainRegistration.Dispose();
        _cts?.Dispose();
        _textBuffer?.Dispose();
    }

    private IBufferWriter<byte> BodyWriter => _textBuffer is null ? _http.Response.BodyWriter : _textBuffer;

    private ValueTask EnterAsync(CancellationToken cancellationToken) =>
        _writeLock is null ? ValueTask.CompletedTask : new ValueTask(_writeLock.WaitAsync(cancellationToken));

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The call is complete: nothing more can be written.");
        }
    }
}
