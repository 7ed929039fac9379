using Google.Protobuf;
using Maimai.Grpc.Contracts.V1;

namespace Maimai.Silo.Tests.Api;

[Collection(ApiGroup.Name)]
public sealed class AccountServiceTests(ApiFixture api)
{
    [Fact]
    public async Task GetMe_describes_the_caller()
    {
        var user = await api.AddUserAsync("Me Myself");
        await api.DxNetTokens.SetAsync(user.Id, Core.Game.Region.Jp, "dx", default);
        var me = (await CallAsync<GetMeResponse>(user, "GetMe", new GetMeRequest())).Response;
        Assert.Equal(("Me Myself", "", false), (me.DisplayName, me.DiscordId, me.IsAdmin));
        Assert.Equal([Region.Jp], me.DxNetTokenRegions);
    }

    [Fact]
    public async Task Api_tokens_are_created_listed_newest_first_in_pages_and_show_only_a_prefix()
    {
        var user = await api.AddUserAsync("Tokens");
        var names = new[] { "one", "two", "three" };
        var created = new List<CreateApiTokenResponse>();
        foreach (var name in names)
        {
            created.Add((await CallAsync<CreateApiTokenResponse>(user, "CreateApiToken", new CreateApiTokenRequest { Name = name })).Response);
        }

        Assert.All(created, c => Assert.StartsWith("mdx_", c.PlaintextToken, StringComparison.Ordinal));
        Assert.All(created, c => Assert.Equal(c.PlaintextToken[..8], c.ApiToken.Prefix));

        var first = (await CallAsync<ListApiTokensResponse>(user, "ListApiTokens", new ListApiTokensRequest { PageSize = 2 })).Response;
        var second = (await CallAsync<ListApiTokensResponse>(user, "ListApiTokens", new ListApiTokensRequest { PageSize = 2, PageToken = first.NextPageToken })).Response;
        Assert.Equal(["three", "two", "one", "test"], first.ApiTokens.Concat(second.ApiTokens).Select(t => t.Name));
        Assert.Empty(second.NextPageToken);
        Assert.DoesNotContain(first.ApiTokens.Concat(second.ApiTokens), t => created.Any(c => t.ToString().Contains(c.PlaintextToken, StringComparison.Ordinal)));
        // The token the calls used has been used; the new ones not yet.
        Assert.NotNull(second.ApiTokens.Single(t => t.Name == "test").LastUsedAt);
        Assert.Null(first.ApiTokens[0].LastUsedAt);
    }

    [Fact]
    public async Task CreateApiToken_checks_the_name()
    {
        var empty = await CallAsync<CreateApiTokenResponse>(api.Alice, "CreateApiToken", new CreateApiTokenRequest { Name = "  " });
        var tooLong = await CallAsync<CreateApiTokenResponse>(api.Alice, "CreateApiToken", new CreateApiTokenRequest { Name = new string('x', 101) });
        foreach (var result in new[] { empty, tooLong })
        {
            Assert.Equal(3, result.Status);
            Assert.Equal("name", Assert.Single(result.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);
        }
    }

    [Fact]
    public async Task DxNet_tokens_are_set_reported_without_the_token_and_deleted()
    {
        var user = await api.AddUserAsync("Dx");
        var set = (await CallAsync<SetDxNetTokenResponse>(user, "SetDxNetToken", new SetDxNetTokenRequest { Region = Region.Intl, Token = "secret-cookie" })).Response;
        Assert.True(set.Status.IsSet);
        Assert.Equal(Region.Intl, set.Status.Region);
        Assert.DoesNotContain("secret-cookie", set.ToString(), StringComparison.Ordinal);

        var status = (await CallAsync<GetDxNetTokenStatusResponse>(user, "GetDxNetTokenStatus", new GetDxNetTokenStatusRequest { Region = Region.Intl })).Response;
        Assert.True(status.Status.IsSet);
        Assert.NotNull(status.Status.SetAt);

        Assert.Equal(0, (await CallAsync<DeleteDxNetTokenResponse>(user, "DeleteDxNetToken", new DeleteDxNetTokenRequest { Region = Region.Intl })).Status);
        Assert.Equal(0, (await CallAsync<DeleteDxNetTokenResponse>(user, "DeleteDxNetToken", new DeleteDxNetTokenRequest { Region = Region.Intl })).Status);
        Assert.False((await CallAsync<GetDxNetTokenStatusResponse>(user, "GetDxNetTokenStatus", new GetDxNetTokenStatusRequest { Region = Region.Intl })).Response.Status.IsSet);

        var noRegion = await CallAsync<SetDxNetTokenResponse>(user, "SetDxNetToken", new SetDxNetTokenRequest { Token = "x" });
        Assert.Equal("region", Assert.Single(noRegion.Detail<Google.Rpc.BadRequest>().FieldViolations).Field);
    }

    private Task<CallResult<T>> CallAsync<T>(SeededUser user, string method, IMessage request)
        where T : IMessage<T>, new() =>
        api.Client(user).CallAsync<T>("/maimai.v1.AccountService/" + method, request).WaitAsync(ApiFixture.Timeout);
}
