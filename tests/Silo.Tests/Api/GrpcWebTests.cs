using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>The same services over gRPC-Web on the HTTP/1.1 port (the browser frontend's path).</summary>
[Collection(ApiGroup.Name)]
public sealed class GrpcWebTests(ApiFixture api)
{
    [Fact]
    public async Task GetSnapshot_over_grpc_web()
    {
        var request = new GetSnapshotRequest { SnapshotId = api.Alice.Snapshots[0].ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1.SnapshotService/GetSnapshot") { Content = new ByteArrayContent(frame) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");
        message.Headers.TryAddWithoutValidation("authorization", "Bearer " + api.Alice.Token);

        using var response = await api.Http1.SendAsync(message).WaitAsync(ApiFixture.Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(ApiFixture.Timeout);

        Assert.Equal(new Version(1, 1), response.Version);
        Assert.Equal(0, body[0]);
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        var snapshot = GetSnapshotResponse.Parser.ParseFrom(body, 5, length).Snapshot;
        Assert.Equal(request.SnapshotId, snapshot.Id);
        // The trailer frame (flag 0x80) follows the message.
        Assert.Equal(0x80, body[5 + length]);
        Assert.Contains("grpc-status:0", Encoding.ASCII.GetString(body, 10 + length, body.Length - 10 - length).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
