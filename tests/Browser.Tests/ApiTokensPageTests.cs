using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Maimai.Grpc.Contracts.V1;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maimai.Browser.Tests;

/// <summary>
/// The API tokens page, from the header's menu: a token created there works for a real gRPC call (a player's
/// script), its secret is shown once only, and once revoked there the same call is refused.
/// </summary>
[Collection(SiteGroup.Name)]
public sealed class ApiTokensPageTests(SiteWorld world)
{
    // src/Grpc generates no client; the method alone is enough for a real client call.
    private static readonly Method<GetMeRequest, GetMeResponse> GetMe = new(
        MethodType.Unary, "maimai.v1.AccountService", "GetMe",
        Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetMeRequest.Parser.ParseFrom),
        Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetMeResponse.Parser.ParseFrom));

    [ChromiumTheory]
    [MemberData(nameof(Screen.All), MemberType = typeof(Screen))]
    public async Task A_token_made_on_the_page_calls_the_api_until_it_is_revoked_there(string screen)
    {
        await using var tab = await PlayerTab.OpenAsync(world, screen, "api-tokens");
        await tab.SignInWithDiscordAsync("Scripter " + screen);
        await tab.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = tab.Page;

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "API tokens", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tokens$"));
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "API tokens", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("No API tokens yet.")).ToBeVisibleAsync();

        await page.GetByLabel("Token name").FillAsync("my script");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create token" }).ClickAsync();

        var secretBox = page.GetByLabel("Your new token");
        await Expect(secretBox).Not.ToHaveValueAsync("");
        var secret = await secretBox.InputValueAsync();
        await Expect(page.GetByText("this is the only time it is shown")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Copy", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Copied.", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await tab.ScreenshotAsync("created");

        // The player's script: a real gRPC-Web client with the token, as the API's documentation says.
        var me = await CallGetMeAsync(secret);
        Assert.Equal("Scripter " + screen, me.DisplayName);

        // Shown once: a new visit lists the token by name and prefix, with its use, and never the secret.
        await page.ReloadAsync();
        var listed = page.GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { HasText = "my script" });
        await Expect(listed).ToBeVisibleAsync();
        await Expect(listed).ToContainTextAsync(secret[..4]);
        await Expect(listed).Not.ToContainTextAsync("Never"); // its "last used" is the call above
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByLabel("Your new token")).ToHaveCountAsync(0);

        // Revoking asks first; keeping it changes nothing.
        await listed.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke my script" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Alertdialog);
        await Expect(confirm).ToContainTextAsync("cannot be undone");
        await tab.ScreenshotAsync("confirm");
        var keep = confirm.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Keep it" });
        await Expect(keep).ToBeFocusedAsync(); // Enter on the question keeps the token
        await keep.ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
        Assert.Equal("Scripter " + screen, (await CallGetMeAsync(secret)).DisplayName);

        await listed.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke my script" }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Yes, revoke" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("my script is revoked.");
        await Expect(page.GetByText("No API tokens yet.")).ToBeVisibleAsync();
        await tab.ScreenshotAsync("revoked");

        var refused = await Assert.ThrowsAsync<RpcException>(() => CallGetMeAsync(secret));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.DoesNotContain(secret, refused.Status.Detail, StringComparison.Ordinal);
        await tab.AssertNoStackTraceAsync();
        tab.AssertNoServerErrors();
    }

    private async Task<GetMeResponse> CallGetMeAsync(string token)
    {
        using var channel = GrpcChannel.ForAddress(world.Origin, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = new Version(1, 1),
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        return await channel.CreateCallInvoker().AsyncUnaryCall(GetMe, null, new CallOptions(headers, deadline), new GetMeRequest())
            .ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
