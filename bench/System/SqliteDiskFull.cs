using System.Diagnostics;
using System.Globalization;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;
using Microsoft.Data.Sqlite;
using GrpcV1 = Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>
/// The SQLite default (one node) running out of disk: its database on a tmpfs mounted for the step with a fixed
/// size (never the machine's own disk), filled up to a little headroom, then first fetches started until writes
/// fail. The silo must keep answering, fail the fetches with a code and keep no partial snapshot; once space is
/// freed a new fetch must complete its snapshot. Needs root for the mount; skipped with the reason otherwise.
/// </summary>
internal static class SqliteDiskFull
{
    private const string Name = "sqlite-disk-full";
    private const int MountMegabytes = 32;
    private const long HeadroomBytes = 512 * 1024; // less than one first fetch writes: the first snapshots run out of space
    private const int Fetchers = 12;

    public static async Task<ChaosOutcome> RunAsync(SystemSettings settings, string siloDll, SimulatorNode simulator, string clal, string work, CancellationToken cancellationToken)
    {
        var fault = $"SQLite single node, its database on a {MountMegabytes} MB tmpfs filled to {HeadroomBytes / 1_000_000.0:N1} MB free, {Fetchers - 2} first fetches at once";
        var mount = Path.Combine(work, "sqlite-disk");
        Directory.CreateDirectory(mount);
        var mounted = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={MountMegabytes}m", "tmpfs", mount);
        if (mounted.Code != 0)
        {
            return ChaosOutcome.Skip(Name, fault, $"this sandbox cannot mount a size-limited filesystem (`mount -t tmpfs` said: {mounted.Output.Trim()}); the step needs root and mount rights");
        }

        try
        {
            return await RunMountedAsync(settings, siloDll, simulator, clal, work, mount, fault, cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await RunAsync("umount", "-l", mount);
        }
    }

    private static async Task<ChaosOutcome> RunMountedAsync(SystemSettings settings, string siloDll, SimulatorNode simulator, string clal, string work, string mount,
        string fault, CancellationToken cancellationToken)
    {
        var connectionString = "Data Source=" + Path.Combine(mount, "maimai.db");
        string[] storage = ["--Storage:Provider=Sqlite", "--Storage:ConnectionString=" + connectionString];
        var tokens = new List<(long Id, string Token)>();
        await using (var database = new Database(SqliteDialect.Instance, connectionString))
        {
            await new MigrationRunner(database).ApplyAsync(cancellationToken: cancellationToken);
            var accounts = new AccountStore(new UserRepository(database), new ApiTokenRepository(database), TimeProvider.System);
            for (var i = 0; i < Fetchers; i++)
            {
                var account = await accounts.CreateLocalUserAsync("disk-" + i.ToString(CultureInfo.InvariantCulture), isAdmin: false, cancellationToken);
                var token = await accounts.CreateApiTokenAsync(account.Id, "system-disk", cancellationToken) ?? throw new InvalidOperationException("user vanished");
                tokens.Add((account.Id, token.Plaintext));
            }
        }

        await using var silo = new SiloProcess("sqlite-silo", siloDll,
        [
            .. storage,
            "--Plugins:Intl:SiteBaseUrl=" + simulator.BaseUrl,
            "--Plugins:Intl:LoginGatewayUrl=" + simulator.BaseUrl,
            "--Plugins:Intl:RequestGap=" + TimeSpan.FromMilliseconds(settings.GapMilliseconds).ToString("c", CultureInfo.InvariantCulture),
            "--ApiRateLimit:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ], work);
        await silo.StartAsync(TimeSpan.FromMinutes(3));
        using var api = new ApiCaller(new Uri($"http://127.0.0.1:{silo.GrpcPort}"), web: false, TimeSpan.FromSeconds(30));
        foreach (var (_, token) in tokens)
        {
            var set = await api.CallAsync("AccountService/SetDxNetToken", new GrpcV1.SetDxNetTokenRequest { Region = GrpcV1.Region.Intl, Token = "clal=" + clal },
                GrpcV1.SetDxNetTokenResponse.Parser, token, cancellationToken);
            if (set.Status != 0)
            {
                throw new InvalidOperationException("SetDxNetToken on the SQLite silo answered " + set.Code);
            }
        }

        // Fill the mount up to the headroom: the next writes run out of space.
        var filler = Path.Combine(mount, "filler");
        var free = new DriveInfo(mount).AvailableFreeSpace;
        await using (var stream = File.Create(filler))
        {
            stream.SetLength(0);
            var block = new byte[1 << 20];
            for (var left = free - HeadroomBytes; left > 0; left -= block.Length)
            {
                await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)), cancellationToken);
            }
        }

        var load = new MixResult();
        var clock = Stopwatch.StartNew();
        async Task StartAsync(string token)
        {
            var answer = await api.CallAsync("FetchService/StartFetch", new GrpcV1.StartFetchRequest { Region = GrpcV1.Region.Intl },
                GrpcV1.StartFetchResponse.Parser, token, cancellationToken);
            if (answer.Reply is { Fetch: { } f })
            {
                load.Fetches.TryAdd(f.Id, token);
            }

            load.Record("StartFetch (gRPC)", answer.Code, answer.Milliseconds, clock);
        }

        await Task.WhenAll(tokens.Take(Fetchers - 2).Select(t => StartAsync(t.Token)));

        // While the fetches write: the silo keeps answering reads (GetSnapshot: NOT_FOUND before a player's first snapshot is an answer).
        var window = TimeSpan.FromSeconds(Math.Max(60, settings.ChaosSeconds));
        while (clock.Elapsed < window)
        {
            foreach (var (_, token) in tokens.Take(Fetchers - 2))
            {
                var read = await api.CallAsync("SnapshotService/GetSnapshot", new GrpcV1.GetSnapshotRequest { LatestForRegion = GrpcV1.Region.Intl },
                    GrpcV1.GetSnapshotResponse.Parser, token, cancellationToken);
                load.Record("GetSnapshot (gRPC)", read.Code == "NOT_FOUND" ? "OK" : read.Code, read.Milliseconds, clock);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        load.Elapsed = clock.Elapsed;
        var tally = await FetchOutcomes.ClassifyAsync(new Uri($"http://127.0.0.1:{silo.GrpcPort}"), load, TimeSpan.FromSeconds(60), cancellationToken);
        var freeAtEnd = new DriveInfo(mount).AvailableFreeSpace;
        var stillRunning = silo.IsRunning;

        // Space back: a new player's first fetch must store its snapshot.
        File.Delete(filler);
        var recovery = Stopwatch.StartNew();
        var after = new MixResult();
        var last = tokens[^1].Token;
        var again = await api.CallAsync("FetchService/StartFetch", new GrpcV1.StartFetchRequest { Region = GrpcV1.Region.Intl }, GrpcV1.StartFetchResponse.Parser, last, cancellationToken);
        if (again.Reply is { Fetch: { } g })
        {
            after.Fetches.TryAdd(g.Id, last);
        }

        var afterTally = await FetchOutcomes.ClassifyAsync(new Uri($"http://127.0.0.1:{silo.GrpcPort}"), after, TimeSpan.FromSeconds(120), cancellationToken);
        var recovered = afterTally.Finished == 1;
        await silo.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var autoRefresh = Path.Combine(work, "no-auto-refresh.txt");
        await File.WriteAllTextAsync(autoRefresh, "", cancellationToken);
        var consistency = await ConsistencyProbe.RunAsync(siloDll, storage, autoRefresh, settled: false, leaseSeconds: 60);
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{freeAtEnd / 1024:N0} KiB free at the window's end; the silo {(stillRunning ? "kept running and answering" : "had exited")}. After freeing the space: {afterTally} ({(recovered ? "recovered" : "NOT recovered")} in {recovery.Elapsed.TotalSeconds:N0} s).");
        return new ChaosOutcome(Name, fault, null, load, 0, recovered ? recovery.Elapsed.TotalSeconds : null, tally.ToString(), consistency, notes);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }
}
