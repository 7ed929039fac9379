using System.Net;
using Maimai.Grpc.Transport;
using Maimai.Interop.Server;
using Maimai.Interop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The interop server: grpc.testing.TestService, InteropProbe, health and reflection on our transport, plus the raw
// Kestrel baseline for the benchmark. Listens on two free loopback ports (h2c for gRPC, HTTP/1.1 for gRPC-Web)
// and prints "LISTENING h2c=PORT http1=PORT" once both accept calls.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

ListenOptions? h2c = null;
ListenOptions? http1 = null;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; h2c = o; });
    kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http1; http1 = o; });
});

builder.Services.AddGrpcTransport();
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<CancellationProbe>();

var app = builder.Build();
app.MapGrpcService<TestServiceHandler>(TestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("TestService"));
app.MapGrpcService<InteropProbeHandler>(ProbeReflection.Descriptor.Services[0]);
app.MapRawEmptyCall();

await app.StartAsync();
Console.WriteLine($"LISTENING h2c={h2c!.IPEndPoint!.Port} http1={http1!.IPEndPoint!.Port}");
await app.WaitForShutdownAsync();
