using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Maimai.Benchmarks.Api;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Core.Rating;
using Maimai.Core.Songs;
using Maimai.DxNetSimulator;
using Maimai.Silo.Accounts;
using Maimai.Silo.Demo;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Storage.Songs;
using Maimai.Silo.Storage.Users;
using GrpcV1 = Maimai.Grpc.Contracts.V1;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>One player of the load: API token (native gRPC), and for some a site session cookie (gRPC-Web).</summary>
internal sealed record LoadPlayer(long Id, string Name, string ApiToken)
{
    public string? Cookie { get; set; }

    public string? LatestSnapshot { get; set; }

    public string? PreviousSnapshot { get; set; }
}

/// <summary>The seeded players: readers with a stored history, fetchers with a maimai DX NET token for the simulator.</summary>
internal sealed record LoadPlayers(IReadOnlyList<LoadPlayer> Readers, IReadOnlyList<LoadPlayer> Fetchers, IReadOnlyList<LoadPlayer> AutoRefresh, string SongSource);

/// <summary>
/// Seeds the load through the product's own code: songs (<see cref="ReadWorldSeed"/>), users as development-login
/// users with API tokens (<see cref="AccountStore"/>, as `users create` and `tokens create` do), readers' snapshot
/// histories (<see cref="ScoreRepository"/>); then over the API, as a player would: the fetchers' DX NET tokens
/// (SetDxNetToken, the simulator's clal "remember me" token, which outlives a simulator restart), some auto-refresh
/// schedules (SetAutoRefresh) and the site sessions (the development login form).
/// </summary>
internal static partial class LoadWorld
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<LoadPlayers> SeedAsync(SystemSettings settings, Database database, CancellationToken cancellationToken)
    {
        var songs = await ReadWorldSeed.AddSongsAsync(database, cancellationToken);

        // The songs database knows the simulator's catalog too, as a deployed one knows the site's: a fetch then stores
        // the player's charts and discovers none. With an unknown catalog every concurrent first fetch discovers the
        // same 1,400 songs in its own transaction and they queue on each other's row locks (2-minute transactions).
        var simulator = new DxNetSimulatorOptions { Seed = SimulatorNode.Seed };
        if (settings.SimulatorSongs > 0)
        {
            simulator.SongCount = settings.SimulatorSongs;
        }

        await using (var catalog = await DxNetSimulatorHost.StartAsync(simulator, cancellationToken))
        {
            await new SongRepository(database).ImportAsync(new SongCatalog(SimulatorSongCatalog.SongsOf(catalog.Snapshot(), CurrentVersions.Default)), Region.Jp,
                cancellationToken: cancellationToken);
        }

        songs += string.Create(CultureInfo.InvariantCulture, $", and the simulator's catalog (seed {SimulatorNode.Seed}, {simulator.SongCount:N0} songs)");
        var (library, _) = await new SongRepository(database).LoadAsync(DateTimeOffset.UtcNow, cancellationToken);
        int[] charts = [.. library.Songs.SelectMany(s => s.Charts).Where(c => c.Difficulty != Difficulty.Utage).Select(c => c.Id)];
        var accounts = new AccountStore(new UserRepository(database), new ApiTokenRepository(database), TimeProvider.System);
        var users = new UserRepository(database);
        var scores = new ScoreRepository(database);
        var fetchers = Math.Max(1, settings.Users * settings.FetcherPercent / 100);
        var players = new LoadPlayer[settings.Users];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Users), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var name = "load-" + i.ToString(CultureInfo.InvariantCulture);
                var user = await users.UpsertByDiscordIdAsync(AccountStore.DevelopmentDiscordId(name), name, DateTimeOffset.UtcNow, ct);
                var token = await accounts.CreateApiTokenAsync(user.Id, "system-load", ct)
                    ?? throw new InvalidOperationException($"user {user.Id} vanished before its API token was made");
                if (i >= fetchers)
                {
                    await WriteHistoryAsync(scores, database, user.Id, charts, settings.ReaderScores, new Random(i), ct);
                }

                players[i] = new LoadPlayer(user.Id, name, token.Plaintext);
                if (Interlocked.Increment(ref done) % 500 == 0)
                {
                    Console.WriteLine($"  seeded {done:N0} of {settings.Users:N0} players");
                }
            });
        return new LoadPlayers(players[fetchers..], players[..fetchers], players[..Math.Max(1, fetchers * settings.AutoRefreshPercent / 100)], songs);
    }

    /// <summary>Over the API through the front: tokens and schedules for the fetchers, snapshot ids and sessions for the readers.</summary>
    public static async Task PrepareAsync(SystemSettings settings, LoadPlayers players, Uri grpcFront, Uri httpFront, string clal, CancellationToken cancellationToken)
    {
        using var api = new ApiCaller(grpcFront, web: false, TimeSpan.FromSeconds(30));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(players.Fetchers, parallel, async (p, ct) =>
        {
            var set = await api.CallAsync("AccountService/SetDxNetToken", new GrpcV1.SetDxNetTokenRequest { Region = GrpcV1.Region.Intl, Token = "clal=" + clal },
                GrpcV1.SetDxNetTokenResponse.Parser, p.ApiToken, ct);
            Require(set.Status, "SetDxNetToken", p);
        });
        await Parallel.ForEachAsync(players.AutoRefresh, parallel, async (p, ct) =>
        {
            var set = await api.CallAsync("AutoRefreshService/SetAutoRefresh",
                new GrpcV1.SetAutoRefreshRequest { Region = GrpcV1.Region.Intl, Enabled = true, IntervalMinutes = settings.AutoRefreshMinutes },
                GrpcV1.SetAutoRefreshResponse.Parser, p.ApiToken, ct);
            Require(set.Status, "SetAutoRefresh", p);
        });
        await Parallel.ForEachAsync(players.Readers, parallel, async (p, ct) =>
        {
            var list = await api.CallAsync("SnapshotService/ListSnapshots", new GrpcV1.ListSnapshotsRequest { Region = GrpcV1.Region.Jp, PageSize = 2 },
                GrpcV1.ListSnapshotsResponse.Parser, p.ApiToken, ct);
            Require(list.Status, "ListSnapshots", p);
            (p.LatestSnapshot, p.PreviousSnapshot) = (list.Reply!.Snapshots[0].Id, list.Reply.Snapshots[^1].Id);
        });

        // The gRPC-Web half: a share of the readers signs in on the site, as a browser does.
        var web = players.Readers.Take(Math.Max(1, players.Readers.Count * settings.WebPercent / 100)).ToList();
        await Parallel.ForEachAsync(web, parallel, async (p, ct) => p.Cookie = await SignInAsync(httpFront, p.Name, ct));
    }

    private static void Require(int status, string method, LoadPlayer player)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"{method} for user {player.Id} answered {ApiCaller.CodeName(status)}.");
        }
    }

    /// <summary>The development login form: GET the page (antiforgery cookie and field), POST the name; returns the Cookie header value.</summary>
    private static async Task<string> SignInAsync(Uri site, string name, CancellationToken cancellationToken)
    {
        var jar = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(30) };
        var page = await http.GetStringAsync(new Uri("/signin", UriKind.Relative), cancellationToken);
        var field = HiddenField().Match(page);
        if (!field.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery field (is the silo in Development?).");
        }

        using var form = new FormUrlEncodedContent([new(WebUtility.HtmlDecode(field.Groups[1].Value), WebUtility.HtmlDecode(field.Groups[2].Value)), new("name", name)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/signin/development") { Content = form };
        request.Headers.TryAddWithoutValidation("Origin", site.GetLeftPart(UriPartial.Authority));
        using var answer = await http.SendAsync(request, cancellationToken);
        if ((int)answer.StatusCode is not (302 or 303))
        {
            throw new InvalidOperationException($"The development login answered HTTP {(int)answer.StatusCode}.");
        }

        return string.Join("; ", jar.GetCookies(site).Select(c => c.Name + "=" + c.Value));
    }

    // A player's history, as ReadWorldSeed lays one out: a first snapshot, then one with some charts improved.
    private static async Task WriteHistoryAsync(ScoreRepository scores, Database database, long userId, IReadOnlyList<int> charts, int count, Random random, CancellationToken cancellationToken)
    {
        var current = charts.OrderBy(_ => random.Next()).Take(count).ToDictionary(id => id, id => Score(id, 950_000 + random.Next(60_000), random));
        for (var n = 0; n < 2; n++)
        {
            if (n > 0)
            {
                foreach (var id in current.Keys.OrderBy(_ => random.Next()).Take(Math.Max(1, count / 10)).ToList())
                {
                    current[id] = Score(id, Math.Min(1_010_000, current[id].Achievement.TenThousandths + random.Next(500, 5_000)), random);
                }
            }

            var profile = new PlayerProfile("ＬＯＡＤ", "でらっくす", "Rainbow", "https://maimaidx.jp/maimai-mobile/img/Icon/0123456789abcdef.png",
                15_000 + n, RatingColor.Rainbow, ClassRank.S1, CourseRank.Dan10, 1_000 + n, 500, 2_000 + n, new LampCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            await using var transaction = await database.BeginAsync(cancellationToken);
            await scores.WriteSnapshotAsync(transaction, new SnapshotWrite(userId, Region.Jp, T0.AddDays(n * 7), null, profile, [.. current.Values], 15_000 + n), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static ChartScore Score(int chartId, int achievement, Random random) =>
        new(chartId, new Achievement(achievement), 1_000 + random.Next(1_000), achievement >= 1_005_000 ? ComboLamp.FullComboPlus : ComboLamp.None, SyncLamp.None,
            random.Next(1, 30), T0.AddDays(-random.Next(0, 300)));

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
