using System.Buffers.Binary;
using System.Net;
using System.Threading.Channels;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>A full-duplex h2c call: the request body stays open while responses are read frame by frame.</summary>
public sealed class DuplexCall : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Channel<byte[]> _requestBody = Channel.CreateUnbounded<byte[]>();
    private HttpResponseMessage? _response;
    private Stream? _responseStream;

    private DuplexCall()
    {
    }

    public HttpResponseMessage Response => _response ?? throw new InvalidOperationException("Not started.");

    public static async Task<DuplexCall> StartAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var call = new DuplexCall();
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new PushContent(call._requestBody.Reader),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        foreach (var header in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // Response headers arrive once the server flushes them, after the first message.
        var sending = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        call._pendingResponse = sending;
        return call;
    }

    private Task<HttpResponseMessage>? _pendingResponse;

    public async Task SendAsync(byte[] frame)
    {
        await _requestBody.Writer.WriteAsync(frame).AsTask().WaitAsync(Timeout);
    }

    public Task CompleteRequestAsync()
    {
        _requestBody.Writer.TryComplete();
        return Task.CompletedTask;
    }

    /// <summary>The next response frame, or null at the end of the response.</summary>
    public async Task<(byte Flag, byte[] Payload)?> ReadFrameAsync()
    {
        if (_responseStream is null)
        {
            _response = await _pendingResponse!.WaitAsync(Timeout);
            _responseStream = await _response.Content.ReadAsStreamAsync().WaitAsync(Timeout);
        }

        var header = new byte[5];
        var read = await ReadFullyAsync(header);
        if (read == 0)
        {
            return null;
        }

        Assert.Equal(5, read);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1))];
        Assert.Equal(payload.Length, await ReadFullyAsync(payload));
        return (header[0], payload);
    }

    public string? Trailer(string name) =>
        Response.TrailingHeaders.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public async ValueTask DisposeAsync()
    {
        _requestBody.Writer.TryComplete();
        if (_responseStream is not null)
        {
            await _responseStream.DisposeAsync();
        }

        _response?.Dispose();
    }

    private async Task<int> ReadFullyAsync(byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await _responseStream!.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Timeout);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Request content that writes and flushes each frame as the test sends it.</summary>
    private sealed class PushContent(ChannelReader<byte[]> frames) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await foreach (var frame in frames.ReadAllAsync())
            {
                await stream.WriteAsync(frame);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
