using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// AccountService.GetSharing/SetSharing over real gRPC on PostgreSQL: private by default, username rules, one name
/// per player in any letter case (also when two players race for it), renaming frees the old name, and deleting the
/// account takes the public page down.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class SharingSettingsTests(ApiFixture api)
{
    [Fact]
    public async Task A_new_player_shares_nothing_and_has_no_username()
    {
        var user = await api.AddUserAsync("fresh sharer");

        var sharing = (await api.Client(user).CallAsync<GetSharingResponse>("/maimai.v1.AccountService/GetSharing", new GetSharingRequest())).Response.Sharing;

        Assert.Equal("", sharing.Username);
        Assert.Equal(SharingWorld.Parts(), sharing.Parts);
    }

    [Theory]
    [InlineData("ab", "must be 3 to 20 characters")]
    [InlineData("abcdefghijklmnopqrstu", "must be 3 to 20 characters")]
    [InlineData("has space", "may contain only")]
    [InlineData("rinちゃん", "may contain only")]
    [InlineData("dots.not", "may contain only")]
    [InlineData("admin", "reserved")]
    [InlineData("API", "reserved")]
    [InlineData("Tokens", "reserved")]
    [InlineData("intl", "reserved")]
    [InlineData("jp", "must be 3 to 20 characters")]
    [InlineData("signin", "reserved")]
    public async Task A_bad_username_is_refused_naming_the_field_and_nothing_changes(string username, string problem)
    {
        var user = await api.AddUserAsync("bad name " + username);
        Assert.Equal(0, (await api.SetSharingAsync(user, "kept-" + user.Id, SharingWorld.Parts(scores: true))).Status);

        var refused = await api.SetSharingAsync(user, username, SharingWorld.Parts(scores: true));

        Assert.Equal(3, refused.Status);
        var violation = Assert.Single(refused.Detail<Google.Rpc.BadRequest>().FieldViolations);
        Assert.Equal("sharing.username", violation.Field);
        Assert.Contains(problem, violation.Description, StringComparison.Ordinal);
        var kept = (await api.Client(user).CallAsync<GetSharingResponse>("/maimai.v1.AccountService/GetSharing", new GetSharingRequest())).Response.Sharing;
        Assert.Equal("kept-" + user.Id, kept.Username);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("  Rin_Chan-99 ", "rin_chan-99")]
    [InlineData("abcdefghijklmnopqrst", "abcdefghijklmnopqrst")]
    public async Task A_good_username_is_kept_lowercased(string username, string stored)
    {
        var user = await api.AddUserAsync("good name " + username);
        // Another test may hold the plain name; this user's id keeps it unique within the run.
        var unique = stored.Length <= 14 ? stored + "-" + (user.Id % 100000) : stored;

        var saved = await api.SetSharingAsync(user, username.Replace(stored, unique, StringComparison.OrdinalIgnoreCase), SharingWorld.Parts(profile: true));

        Assert.Equal(unique, saved.Response.Sharing.Username);
    }

    [Fact]
    public async Task Sharing_needs_a_username_and_clearing_it_needs_every_part_off()
    {
        var user = await api.AddUserAsync("nameless");

        var refused = await api.SetSharingAsync(user, "", SharingWorld.Parts(plays: true));
        var cleared = await api.SetSharingAsync(user, "", SharingWorld.Parts());

        Assert.Equal(3, refused.Status);
        Assert.Equal("sharing.username", Assert.Single(refused.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);
        Assert.Equal(0, cleared.Status);
    }

    [Fact]
    public async Task A_username_is_one_players_in_any_letter_case()
    {
        var first = await api.AddUserAsync("first taker");
        var second = await api.AddUserAsync("second taker");
        var name = "Taken-" + first.Id;

        Assert.Equal(0, (await api.SetSharingAsync(first, name, SharingWorld.Parts(profile: true))).Status);
        var taken = await api.SetSharingAsync(second, name.ToUpperInvariant(), SharingWorld.Parts(profile: true));

        Assert.Equal(6, taken.Status);
        Assert.Equal(ApiErrors.UsernameTakenReason, taken.ErrorInfo.Reason);
        var seconds = (await api.Client(second).CallAsync<GetSharingResponse>("/maimai.v1.AccountService/GetSharing", new GetSharingRequest())).Response.Sharing;
        Assert.Equal("", seconds.Username);
        // Saving one's own name again (other switches) is no conflict.
        Assert.Equal(0, (await api.SetSharingAsync(first, name.ToLowerInvariant(), SharingWorld.Parts(scores: true))).Status);
    }

    [Fact]
    public async Task Two_players_racing_for_one_name_one_wins_and_the_other_gets_already_exists()
    {
        for (var round = 0; round < 5; round++)
        {
            var a = await api.AddUserAsync("racer a" + round);
            var b = await api.AddUserAsync("racer b" + round);
            var name = $"race-{a.Id}";

            var results = await Task.WhenAll(
                api.SetSharingAsync(a, name, SharingWorld.Parts(profile: true)),
                api.SetSharingAsync(b, name, SharingWorld.Parts(profile: true))).WaitAsync(ApiFixture.Timeout);

            Assert.Equal([0, 6], results.Select(r => r.Status).Order());
            var winner = results[0].Status == 0 ? a : b;
            var owner = await api.GetPublicProfileAsync(name);
            Assert.Equal(0, owner.Status);
            var winners = (await api.Client(winner).CallAsync<GetSharingResponse>("/maimai.v1.AccountService/GetSharing", new GetSharingRequest())).Response.Sharing;
            Assert.Equal(name, winners.Username);
        }
    }

    [Fact]
    public async Task Renaming_frees_the_old_name_at_once()
    {
        var renamer = await api.AddUserAsync("renamer");
        var other = await api.AddUserAsync("name catcher");
        var oldName = "old-" + renamer.Id;
        var newName = "new-" + renamer.Id;
        Assert.Equal(0, (await api.SetSharingAsync(renamer, oldName, SharingWorld.Parts(profile: true))).Status);

        Assert.Equal(0, (await api.SetSharingAsync(renamer, newName, SharingWorld.Parts(profile: true))).Status);

        Assert.Equal(5, (await api.GetPublicProfileAsync(oldName)).Status);
        Assert.Equal(newName, (await api.GetPublicProfileAsync(newName)).Response.Profile.Username);
        Assert.Equal(0, (await api.SetSharingAsync(other, oldName, SharingWorld.Parts(scores: true))).Status);
    }

    [Fact]
    public async Task Unknown_private_and_switched_off_profiles_answer_alike()
    {
        var quiet = await api.AddUserAsync("quiet");
        var shy = await api.AddUserAsync("shy");
        Assert.Equal(0, (await api.SetSharingAsync(quiet, "quiet-" + quiet.Id, SharingWorld.Parts())).Status);
        Assert.Equal(0, (await api.SetSharingAsync(shy, "shy-" + shy.Id, SharingWorld.Parts(profile: true))).Status);
        Assert.Equal(0, (await api.GetPublicProfileAsync("shy-" + shy.Id)).Status);
        Assert.Equal(0, (await api.SetSharingAsync(shy, "shy-" + shy.Id, SharingWorld.Parts())).Status);

        var answers = new[]
        {
            await api.GetPublicProfileAsync("nobody-" + quiet.Id),
            await api.GetPublicProfileAsync("quiet-" + quiet.Id),
            await api.GetPublicProfileAsync("shy-" + shy.Id),
            await api.GetPublicProfileAsync("x"),
        };

        Assert.All(answers, a => Assert.Equal((5, "No public profile with this username."), (a.Status, a.Message)));
        Assert.Single(answers.Select(a => a.Details!.ToByteString().ToBase64()).Distinct());
    }

    [Fact]
    public async Task Deleting_the_account_takes_the_public_page_down_and_frees_the_name()
    {
        var player = await api.AddPlayerAsync("leaving");
        var name = "leaving-" + player.User.Id;
        Assert.Equal(0, (await api.SetSharingAsync(player.User, name, SharingWorld.Parts(true, true, true, true))).Status);
        Assert.Equal(0, (await api.GetPublicProfileAsync(name)).Status);

        var deleted = await api.Client(player.User).CallAsync<DeleteAccountResponse>("/maimai.v1.AccountService/DeleteAccount",
            new DeleteAccountRequest { ConfirmUserId = player.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(0, deleted.Status);
        Assert.Equal(5, (await api.GetPublicProfileAsync(name)).Status);
        var scores = await api.Anonymous.CallAsync<ListPublicScoresResponse>("/maimai.v1.PublicProfileService/ListPublicScores",
            new ListPublicScoresRequest { Username = name, Region = Region.Jp });
        Assert.Equal(5, scores.Status);
        var next = await api.AddUserAsync("next owner");
        Assert.Equal(0, (await api.SetSharingAsync(next, name, SharingWorld.Parts(profile: true))).Status);
    }

    [Fact]
    public async Task Public_scores_come_in_pages_in_the_owners_order()
    {
        var player = await api.AddPlayerAsync("pages");
        var name = "pages-" + player.User.Id;
        Assert.Equal(0, (await api.SetSharingAsync(player.User, name, SharingWorld.Parts(scores: true))).Status);

        var first = (await api.Anonymous.CallAsync<ListPublicScoresResponse>("/maimai.v1.PublicProfileService/ListPublicScores",
            new ListPublicScoresRequest { Username = name, Region = Region.Jp, PageSize = 1 })).Response;
        var second = (await api.Anonymous.CallAsync<ListPublicScoresResponse>("/maimai.v1.PublicProfileService/ListPublicScores",
            new ListPublicScoresRequest { Username = name, Region = Region.Jp, PageSize = 1, PageToken = first.NextPageToken })).Response;

        // Level descending: Bravo MASTER (13+) before the 3 of the full-width BASIC.
        Assert.Equal(["Bravo", SharingPlayer.ScoreTitle], first.Scores.Concat(second.Scores).Select(s => s.Title));
        Assert.Equal("", second.NextPageToken);
        Assert.All(first.Scores.Concat(second.Scores), s => Assert.False(s.HasPlayCount));
    }
}
