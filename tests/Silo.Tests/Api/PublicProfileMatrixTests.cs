using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// Every combination of the four switches, against every public rpc, natively and over gRPC-Web, without signing in,
/// on real PostgreSQL through real Kestrel: a part switched off never appears in any byte of any public answer (its
/// marker values are searched for in the raw gRPC-Web bodies and in each native answer's JSON, messages and
/// details), and a part switched on does (so the search can fail). Each case first shares everything and reads it
/// all, so any cache would be warm, then sets its own switches: the next call already obeys them.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class PublicProfileMatrixTests(ApiFixture api)
{
    public static TheoryData<bool, bool, bool, bool> EveryCombination()
    {
        var data = new TheoryData<bool, bool, bool, bool>();
        for (var bits = 0; bits < 16; bits++)
        {
            data.Add((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public async Task A_public_answer_holds_exactly_the_parts_switched_on(bool profile, bool scores, bool plays, bool playCounts)
    {
        var tag = $"m{(profile ? 1 : 0)}{(scores ? 1 : 0)}{(plays ? 1 : 0)}{(playCounts ? 1 : 0)}";
        var player = await api.AddPlayerAsync(tag);
        var username = "matrix-" + tag + "-" + player.User.Id;
        Assert.Equal(0, (await api.SetSharingAsync(player.User, username, SharingWorld.Parts(true, true, true, true))).Status);
        var warm = await ReadEverythingAsync(username);
        AssertShown(warm, player, profile: true, scores: true, plays: true, playCounts: true);

        Assert.Equal(0, (await api.SetSharingAsync(player.User, username, SharingWorld.Parts(profile, scores, plays, playCounts))).Status);
        var seen = await ReadEverythingAsync(username.ToUpperInvariant());

        AssertShown(seen, player, profile, scores, plays, playCounts);
        if (!(profile || scores || plays || playCounts))
        {
            // Sharing nothing is private: the same answer as a name nobody has.
            var unknown = await api.GetPublicProfileAsync("nobody-" + tag + "-" + player.User.Id);
            var got = await api.GetPublicProfileAsync(username);
            Assert.Equal((unknown.Status, unknown.Message, unknown.Details?.ToByteString()), (got.Status, got.Message, got.Details?.ToByteString()));
            Assert.Equal(5, got.Status);
            Assert.All(seen.Statuses, status => Assert.Equal(5, status));
            return;
        }

        Assert.Equal(scores ? 0 : 7, seen.Statuses[1]);
        Assert.Equal(plays ? 0 : 7, seen.Statuses[2]);
        if (!scores)
        {
            Assert.Contains("This player does not share", seen.Text, StringComparison.Ordinal);
            Assert.Contains(ApiErrors.NotSharedReason, seen.Text, StringComparison.Ordinal);
        }
    }

    private static void AssertShown(Seen seen, SharingPlayer player, bool profile, bool scores, bool plays, bool playCounts)
    {
        AssertPart(seen, profile, "profile", player.PlayerName, player.IntlPlayerName, "\"rating\": " + SharingPlayer.Rating);
        AssertPart(seen, scores, "scores", SharingPlayer.ScoreTitle, "Bravo", "\"achievementX10000\": 1001234");
        AssertPart(seen, plays, "recent plays", SharingPlayer.PlayTitle, "\"achievementX10000\": 990000");
        AssertPart(seen, playCounts, "play counts", "\"totalPlayCount\": " + SharingPlayer.JpTotalPlays, "\"totalPlayCount\": " + SharingPlayer.IntlTotalPlays);
        // A chart's play count is in the scores, so it shows only when both are shared.
        AssertPart(seen, playCounts && scores, "chart play counts", "\"playCount\": " + SharingPlayer.ChartPlays);
        // Never public, whatever is switched on.
        AssertPart(seen, false, "venue", SharingPlayer.Venue);
        AssertPart(seen, false, "display name", player.DisplayName);
    }

    // A JSON marker ("key": value) is searched for in the native answers only; a text marker in the raw gRPC-Web bytes too.
    private static void AssertPart(Seen seen, bool shared, string part, params string[] markers)
    {
        foreach (var marker in markers)
        {
            Assert.True(shared == seen.Text.Contains(marker, StringComparison.Ordinal),
                $"{part}: '{marker}' {(shared ? "missing from" : "leaked into")} the native answers");
            if (!marker.StartsWith('"'))
            {
                Assert.True(shared == (seen.WebBytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0),
                    $"{part}: '{marker}' {(shared ? "missing from" : "leaked into")} the gRPC-Web bytes");
            }
        }
    }

    /// <summary>Every public rpc of every region, both ways: the native answers as text (JSON, message, details), the gRPC-Web bodies as bytes.</summary>
    private async Task<Seen> ReadEverythingAsync(string username)
    {
        var text = new StringBuilder();
        var web = new List<byte>();
        var statuses = new List<int>();

        async Task NativeAsync<T>(string method, IMessage request)
            where T : IMessage<T>, new()
        {
            var result = await api.Anonymous.CallAsync<T>("/maimai.v1.PublicProfileService/" + method, request);
            statuses.Add(result.Status);
            text.AppendLine(result.Message);
            if (result.Details is not null)
            {
                text.AppendLine(DetailsJson.Format(result.Details));
            }

            foreach (var response in result.Responses)
            {
                text.AppendLine(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(false)).Format(response));
            }
        }

        async Task WebAsync(string method, IMessage request)
        {
            var (status, body) = await api.GrpcWebAsync(method, request);
            web.AddRange(body);
            Assert.True(status is 0 or 5 or 7, $"{method} over gRPC-Web: status {status}");
        }

        var profileRequest = new GetPublicProfileRequest { Username = username };
        await NativeAsync<GetPublicProfileResponse>("GetPublicProfile", profileRequest);
        await WebAsync("GetPublicProfile", profileRequest);
        var firstScores = statuses.Count;
        foreach (var region in new[] { Region.Jp, Region.Intl })
        {
            var scores = new ListPublicScoresRequest { Username = username, Region = region };
            await NativeAsync<ListPublicScoresResponse>("ListPublicScores", scores);
            await WebAsync("ListPublicScores", scores);
        }

        var plays = new ListPublicRecentPlaysRequest { Username = username, Region = Region.Jp };
        await NativeAsync<ListPublicRecentPlaysResponse>("ListPublicRecentPlays", plays);
        await WebAsync("ListPublicRecentPlays", plays);
        // Statuses: the profile, the scores (Japan), the recent plays (Japan).
        return new Seen(text.ToString(), [.. web], [statuses[0], statuses[firstScores], statuses[^1]]);
    }

    private static readonly JsonFormatter DetailsJson = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(Google.Rpc.ErrorInfo.Descriptor, Google.Rpc.BadRequest.Descriptor)));

    private sealed record Seen(string Text, byte[] WebBytes, int[] Statuses);
}
