using Maimai.Interop.Server;

// Prints "LISTENING h2c=PORT http1=PORT" once both ports accept calls; tests/interop/run.sh and
// bench/transport/run.sh read that line. Runs until stopped (SIGTERM / Ctrl+C).
await using var host = await InteropHost.StartAsync(args);
Console.WriteLine($"LISTENING h2c={host.H2cPort} http1={host.Http1Port}");
await host.App.WaitForShutdownAsync();
