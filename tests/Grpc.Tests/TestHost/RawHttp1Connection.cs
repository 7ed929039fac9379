using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>
/// One keep-alive HTTP/1.1 connection written byte by byte, so a test decides when each part of a request body
/// arrives, and can then send a second request on the same connection to see whether Kestrel still serves it.
/// </summary>
public sealed class RawHttp1Connection : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawHttp1Connection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttp1Connection> ConnectAsync(Uri baseAddress)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port).WaitAsync(Timeout);
        return new RawHttp1Connection(tcp);
    }

    /// <summary>Sends the request line and headers; the body follows through <see cref="SendAsync"/>.</summary>
    public Task SendHeadAsync(string path, string contentType, long contentLength, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: localhost\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {contentLength}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes).AsTask().WaitAsync(Timeout);
        await _stream.FlushAsync().WaitAsync(Timeout);
    }

    /// <summary>Reads one whole response (Content-Length or chunked); null when the server closed the connection first.</summary>
    public async Task<RawHttp1Response?> ReadResponseAsync()
    {
        var statusLine = await ReadLineAsync();
        if (statusLine is null)
        {
            return null;
        }

        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = await ReadHeadersAsync();
        using var body = new MemoryStream();
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync() ?? throw new EndOfStreamException("connection closed inside a chunked body");
                var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    // Chunked trailers, then the empty line.
                    foreach (var trailer in await ReadHeadersAsync())
                    {
                        headers[trailer.Key] = trailer.Value;
                    }

                    break;
                }

                body.Write(await ReadExactlyAsync(size));
                await ReadLineAsync();
            }
        }
        else if (headers.TryGetValue("content-length", out var length))
        {
            body.Write(await ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture)));
        }

        return new RawHttp1Response(status, headers, body.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Dictionary<string, string>> ReadHeadersAsync()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync() is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync())
            {
                return line.Count == 0 ? null : throw new EndOfStreamException("connection closed inside a line");
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
            }

            line.Add(b);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var result = new byte[count];
        for (var written = 0; written < count;)
        {
            if (_start == _end && !await FillAsync())
            {
                throw new EndOfStreamException("connection closed inside a body");
            }

            var take = Math.Min(count - written, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(written));
            _start += take;
            written += take;
        }

        return result;
    }

    private async Task<bool> FillAsync()
    {
        _start = 0;
        try
        {
            _end = await _stream.ReadAsync(_buffer).AsTask().WaitAsync(Timeout);
        }
        catch (IOException)
        {
            // Reset by the server: as closed as a FIN for these tests.
            _end = 0;
        }

        return _end > 0;
    }
}

/// <summary>A raw HTTP/1.1 response; chunked trailers are merged into the headers.</summary>
public sealed record RawHttp1Response(int Status, Dictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.ASCII.GetString(Body);
}
