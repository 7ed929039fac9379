using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Services.V1;

namespace Maimai.Silo.Tests.Api;

/// <summary>PublicProfileService: anyone may call it, and what it answers for a shared profile.</summary>
[Collection(ApiGroup.Name)]
public sealed class PublicProfileTests(ApiFixture api)
{
    public static TheoryData<string> PublicRpcs()
    {
        var data = new TheoryData<string>();
        foreach (var method in MaimaiApiExtensions.Services.Single(s => s.Name == "PublicProfileService").Methods)
        {
            data.Add(method.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublicRpcs))]
    public async Task Public_rpcs_need_no_token(string method)
    {
        var player = await api.AddPlayerAsync("anon" + method);
        var name = "anon-" + player.User.Id;
        Assert.Equal(0, (await api.SetSharingAsync(player.User, name, SharingWorld.Parts(true, true, true, true))).Status);
        IMessage request = method switch
        {
            "GetPublicProfile" => new GetPublicProfileRequest { Username = name },
            "ListPublicScores" => new ListPublicScoresRequest { Username = name, Region = Region.Jp },
            _ => new ListPublicRecentPlaysRequest { Username = name, Region = Region.Jp },
        };

        var native = await api.Anonymous.CallAsync<Google.Protobuf.WellKnownTypes.Empty>("/maimai.v1.PublicProfileService/" + method, request);
        var web = await api.GrpcWebAsync(method, request);

        Assert.Equal((0, 0), (native.Status, web.Status));
    }

    [Fact]
    public async Task A_shared_profile_shows_each_region_with_its_summary_and_play_counts()
    {
        var player = await api.AddPlayerAsync("regions");
        var name = "regions-" + player.User.Id;
        Assert.Equal(0, (await api.SetSharingAsync(player.User, name, SharingWorld.Parts(profile: true, playCounts: true))).Status);

        var profile = (await api.GetPublicProfileAsync(name.ToUpperInvariant())).Response.Profile;

        Assert.Equal(name, profile.Username);
        Assert.Equal(SharingWorld.Parts(profile: true, playCounts: true), profile.Shared);
        Assert.Equal([Region.Intl, Region.Jp], profile.Regions.Select(r => r.Region));
        var jp = profile.Regions.Single(r => r.Region == Region.Jp);
        Assert.Equal((player.PlayerName, SharingPlayer.Rating, 14300, ClassRank.S1), (jp.Summary.PlayerName, jp.Summary.Rating, jp.Summary.SiteRating, jp.Summary.ClassRank));
        Assert.Equal((SharingPlayer.JpVersionPlays, SharingPlayer.JpTotalPlays), (jp.PlayCounts.VersionPlayCount, jp.PlayCounts.TotalPlayCount));
        Assert.Equal(SharingPlayer.IntlTotalPlays, profile.Regions.Single(r => r.Region == Region.Intl).PlayCounts.TotalPlayCount);
    }

    [Fact]
    public async Task Public_recent_plays_never_carry_the_venue()
    {
        var player = await api.AddPlayerAsync("venue");
        var name = "venue-" + player.User.Id;
        Assert.Equal(0, (await api.SetSharingAsync(player.User, name, SharingWorld.Parts(plays: true))).Status);

        var plays = (await api.Anonymous.CallAsync<ListPublicRecentPlaysResponse>("/maimai.v1.PublicProfileService/ListPublicRecentPlays",
            new ListPublicRecentPlaysRequest { Username = name, Region = Region.Jp })).Response.Plays;

        Assert.Equal(3, plays.Count);
        Assert.All(plays, p => Assert.Equal(("", SharingPlayer.PlayTitle), (p.Venue, p.Title)));
    }
}
