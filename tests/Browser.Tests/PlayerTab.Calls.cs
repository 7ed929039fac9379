using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;

namespace Maimai.Browser.Tests;

internal sealed partial class PlayerTab
{
    /// <summary>A unary maimai.v1 call as the page makes it: gRPC-Web with the page's session cookie and origin.</summary>
    public async Task<TResponse> CallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request)
        where TRequest : class
        where TResponse : class
    {
        var cookies = await Page.Context.CookiesAsync();
        using var channel = GrpcChannel.ForAddress(World.Origin, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler { UseCookies = false }),
            HttpVersion = new Version(1, 1),
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var headers = new Metadata
        {
            { "cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")) },
            { "origin", World.Origin },
        };
        return await channel.CreateCallInvoker()
            .AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), request)
            .ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>maimai.v1.<paramref name="service"/>/<paramref name="name"/> as a unary method for <see cref="CallAsync"/>.</summary>
    public static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new()
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new() =>
        new(MethodType.Unary, "maimai.v1." + service, name,
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), new Google.Protobuf.MessageParser<TRequest>(() => new TRequest()).ParseFrom),
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), new Google.Protobuf.MessageParser<TResponse>(() => new TResponse()).ParseFrom));
}
