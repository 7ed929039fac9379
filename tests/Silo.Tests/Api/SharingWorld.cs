using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Maimai.Core.Game;
using Maimai.Core.Players;
using Maimai.Grpc.Contracts.V1;
using Maimai.Silo.Storage.Plays;
using Maimai.Silo.Storage.Scores;
using Maimai.Silo.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using ChartScore = Maimai.Silo.Storage.Scores.ChartScore;
using ComboLamp = Maimai.Core.Game.ComboLamp;
using Region = Maimai.Core.Game.Region;
using SyncLamp = Maimai.Core.Game.SyncLamp;
using RatingColor = Maimai.Core.Game.RatingColor;
using ClassRank = Maimai.Core.Game.ClassRank;
using CourseRank = Maimai.Core.Game.CourseRank;
using ChartType = Maimai.Core.Game.ChartType;
using Difficulty = Maimai.Core.Game.Difficulty;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;
using NoteJudgements = Maimai.Silo.Storage.Plays.NoteJudgements;
using RecentPlay = Maimai.Silo.Storage.Plays.RecentPlay;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// A player whose every shareable part carries a value found nowhere else, so a response can be searched for it:
/// their in-game name, a song title only in their scores, one only in their recent plays, play counts, and the
/// arcade of their plays (never public) and their Discord display name (never public).
/// </summary>
public sealed record SharingPlayer(SeededUser User, string DisplayName, string PlayerName, string IntlPlayerName)
{
    /// <summary>Only in the scores (the Japanese snapshot's), never in plays.</summary>
    public const string ScoreTitle = "ＦＵＬＬ Ｗｉｄｔｈ";

    /// <summary>Only in the recent plays.</summary>
    public const string PlayTitle = "Alpha";

    /// <summary>The venue of every play: never in any public response.</summary>
    public const string Venue = "Secret Arcade Shinjuku";

    public const int JpTotalPlays = 98765;

    public const int JpVersionPlays = 4321;

    public const int IntlTotalPlays = 55511;

    /// <summary>Each chart's own play count.</summary>
    public const int ChartPlays = 93;

    public const int Rating = 14321;
}

/// <summary>Seeds <see cref="SharingPlayer"/>s and calls the sharing rpcs, natively and over gRPC-Web, without a token.</summary>
public static class SharingWorld
{
    private static readonly DateTimeOffset At = ApiFixture.T0.AddDays(10);

    public static async Task<SharingPlayer> AddPlayerAsync(this ApiFixture api, string tag)
    {
        var display = "Discord Secret " + tag;
        var user = await api.AddUserAsync(display);
        var scores = api.App.Services.GetRequiredService<ScoreRepository>();
        var player = new SharingPlayer(user, display, "ＮＡＭＥ" + tag, "INTLNAME" + tag);

        await scores.WriteSnapshotAsync(api.Database, new SnapshotWrite(user.Id, Region.Jp, At, null,
            Profile(player.PlayerName, SharingPlayer.JpVersionPlays, SharingPlayer.JpTotalPlays),
            [Score(api.Chart.FullWidthBasic, 1_001_234), Score(api.Chart.BravoMaster, 987_654)], SharingPlayer.Rating)).WaitAsync(ApiFixture.Timeout);
        await scores.WriteSnapshotAsync(api.Database, new SnapshotWrite(user.Id, Region.Intl, At, null,
            Profile(player.IntlPlayerName, 11, SharingPlayer.IntlTotalPlays), [Score(api.Chart.BravoMaster, 900_000)], 9000)).WaitAsync(ApiFixture.Timeout);

        await using var transaction = await api.Database.BeginAsync().WaitAsync(ApiFixture.Timeout);
        var judgements = new PlayJudgements(new NoteJudgements(300, 10, 2, 0, 1), null, null, null, new NoteJudgements(20, 1, 0, 0, 0));
        var plays = Enumerable.Range(0, 3).Select(i => new RecentPlay(
            At.AddMinutes(-10 * (i + 1)).ToUnixTimeSeconds(), i + 1, api.Chart.AlphaExpert, SharingPlayer.PlayTitle, ChartType.Dx, Difficulty.Expert,
            new Achievement(990_000 + i), 1500 + i, 1800, ComboLamp.FullCombo, SyncLamp.None, 10 + i, 5, SharingPlayer.Venue, judgements, 400, 420, 0, 0, 3)).ToList();
        await api.App.Services.GetRequiredService<RecentPlayRepository>().InsertNewAsync(transaction, user.Id, Region.Jp, plays, At).WaitAsync(ApiFixture.Timeout);
        await transaction.CommitAsync();
        return player;
    }

    public static async Task<CallResult<SetSharingResponse>> SetSharingAsync(this ApiFixture api, SeededUser user, string username, SharedParts parts) =>
        await api.Client(user).CallAsync<SetSharingResponse>("/maimai.v1.AccountService/SetSharing",
            new SetSharingRequest { Sharing = new Maimai.Grpc.Contracts.V1.Sharing { Username = username, Parts = parts } });

    public static SharedParts Parts(bool profile = false, bool scores = false, bool plays = false, bool playCounts = false) =>
        new() { Profile = profile, Scores = scores, RecentPlays = plays, PlayCounts = playCounts };

    public static Task<CallResult<GetPublicProfileResponse>> GetPublicProfileAsync(this ApiFixture api, string username) =>
        api.Anonymous.CallAsync<GetPublicProfileResponse>("/maimai.v1.PublicProfileService/GetPublicProfile", new GetPublicProfileRequest { Username = username });

    /// <summary>One public call over gRPC-Web on the HTTP/1.1 port, without a token: its grpc-status and every byte of the body.</summary>
    public static async Task<(int Status, byte[] Body)> GrpcWebAsync(this ApiFixture api, string method, IMessage request)
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/maimai.v1.PublicProfileService/" + method) { Content = new ByteArrayContent(frame) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc-web+proto");
        using var response = await api.Http1.SendAsync(message).WaitAsync(ApiFixture.Timeout);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(ApiFixture.Timeout);
        var text = Encoding.ASCII.GetString(body);
        var at = text.LastIndexOf("grpc-status:", StringComparison.Ordinal);
        var status = at < 0 && response.Headers.TryGetValues("grpc-status", out var header)
            ? int.Parse(header.Single(), CultureInfo.InvariantCulture)
            : int.Parse(text[(at + "grpc-status:".Length)..].Trim().Split('\r', '\n')[0].Trim(), CultureInfo.InvariantCulture);
        return (status, body);
    }

    public static ProtoRegion Proto(Region region) => region == Region.Jp ? ProtoRegion.Jp : ProtoRegion.Intl;

    private static PlayerProfile Profile(string name, int versionPlays, int totalPlays) =>
        new(name, "Title", "Gold", "https://example.invalid/icon.png", 14300, RatingColor.Platinum, ClassRank.S1, CourseRank.Dan10, 42, versionPlays, totalPlays);

    private static ChartScore Score(int chartId, int achievement) =>
        new(chartId, new Achievement(achievement), 1000 + (achievement / 1000), ComboLamp.FullCombo, SyncLamp.None, SharingPlayer.ChartPlays, ApiFixture.T0.AddHours(-1));
}
