using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;

namespace Maimai.Grpc.Tests.TestHost;

/// <summary>Builds raw gRPC frames and sends them over HttpClient, so tests see exactly what is on the wire.</summary>
public static class GrpcWire
{
    public static byte[] Frame(IMessage message, bool compress = false) =>
        compress ? Frame(1, Gzip(message.ToByteArray())) : Frame(0, message.ToByteArray());

    public static byte[] Frame(byte flag, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    public static List<(byte Flag, byte[] Payload)> ReadFrames(byte[] body)
    {
        var frames = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < body.Length)
        {
            Assert.True(body.Length - offset >= 5, "truncated frame header in the response");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            Assert.True(body.Length - offset - 5 >= length, "truncated frame in the response");
            frames.Add((body[offset], body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return frames;
    }

    public static async Task<GrpcResponse> PostAsync(
        HttpClient client,
        string path,
        byte[] body,
        string contentType = "application/grpc",
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = client.DefaultRequestVersion,
            VersionPolicy = client.DefaultVersionPolicy,
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        foreach (var header in headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new GrpcResponse(response, bytes);
    }
}

/// <summary>A finished response: HTTP status, headers, trailers and body.</summary>
public sealed class GrpcResponse
{
    public GrpcResponse(HttpResponseMessage response, byte[] body)
    {
        HttpStatus = (int)response.StatusCode;
        Version = response.Version;
        Headers = Flatten(response.Headers, response.Content.Headers);
        Trailers = Flatten(response.TrailingHeaders);
        Body = body;
    }

    public int HttpStatus { get; }

    public Version Version { get; }

    public Dictionary<string, string> Headers { get; }

    public Dictionary<string, string> Trailers { get; }

    public byte[] Body { get; }

    /// <summary>True when the status came in the headers (Trailers-Only).</summary>
    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status");

    /// <summary>grpc-status from the trailers, else from the headers.</summary>
    public string? Status => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string? Message => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");

    public List<(byte Flag, byte[] Payload)> Frames => GrpcWire.ReadFrames(Body);

    public string BodyText => Encoding.ASCII.GetString(Body);

    private static Dictionary<string, string> Flatten(params HttpHeaders[] headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in headers)
        {
            foreach (var header in set.NonValidated)
            {
                result[header.Key] = string.Join(",", header.Value);
            }
        }

        return result;
    }
}
