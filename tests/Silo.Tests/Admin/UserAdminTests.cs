using System.Net;
using Maimai.Core.Accounts;
using Maimai.Silo.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Admin;

/// <summary>The users pages: search, grant and revoke the role (audited, in force on the next page), delete through the account deletion.</summary>
[Collection(AdminGroup.Name)]
public sealed class UserAdminTests(AdminFixture admin)
{
    [Fact]
    public async Task An_admin_finds_a_player_grants_and_revokes_the_role_and_it_holds_on_the_next_page()
    {
        var name = "promoted " + Guid.NewGuid().ToString("N")[..6];
        using var player = admin.Browser();
        await player.SignInAsDeveloperAsync(name);
        using var browser = await admin.AdminAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await player.GetAsync("/admin")).Status);

        var list = await browser.GetAsync("/admin/users?q=" + Uri.EscapeDataString(name.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var link = System.Text.RegularExpressions.Regex.Match(list.Body, "href=\"(/admin/users/detail/(\\d+))\">" + name);
        Assert.True(link.Success, "the search did not find " + name);
        var userId = long.Parse(link.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);

        var detail = await browser.GetAsync(link.Groups[1].Value);
        detail.AssertFriendly();
        Assert.Equal(HttpStatusCode.Redirect, (await AdminForm.Read(detail, "Admin").PostAsync(browser)).Status);
        Assert.Equal(HttpStatusCode.OK, (await player.GetAsync("/admin")).Status);

        var granted = await browser.GetAsync(link.Groups[1].Value);
        Assert.Contains("Revoke admin", granted.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await AdminForm.Read(granted, "Admin").PostAsync(browser)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await player.GetAsync("/admin")).Status);

        var audit = await admin.Silo.Services.GetRequiredService<IAccountDeletion>().ListAuditAsync(null, 50, default).WaitAsync(InProcessSilo.Timeout);
        Assert.Equal(["user.revoke-admin", "user.grant-admin"], audit.Where(e => e.Entity == "user" && e.EntityId == userId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(e => e.Action));
    }

    [Fact]
    public async Task An_admin_deletes_a_user_through_the_account_deletion_but_not_themself()
    {
        var name = "doomed " + Guid.NewGuid().ToString("N")[..6];
        using var player = admin.Browser();
        await player.SignInAsDeveloperAsync(name);
        using var browser = await admin.AdminAsync();
        var users = admin.Silo.Services.GetRequiredService<IUserAdmin>();
        var doomed = Assert.Single(await users.SearchAsync(name, 10, default).WaitAsync(InProcessSilo.Timeout));
        var self = Assert.Single(await users.SearchAsync(AdminFixture.AdminName, 10, default).WaitAsync(InProcessSilo.Timeout), u => u.DisplayName == AdminFixture.AdminName);

        var refused = await AdminForm.Read(await browser.GetAsync($"/admin/users/detail/{self.Id}"), "Delete").PostAsync(browser);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("You cannot delete your own account here", refused.Body, StringComparison.Ordinal);

        var deleted = await AdminForm.Read(await browser.GetAsync($"/admin/users/detail/{doomed.Id}"), "Delete").PostAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        Assert.Null(await users.GetAsync(doomed.Id, default).WaitAsync(InProcessSilo.Timeout));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/users/detail/{doomed.Id}")).Status);
        Assert.Equal(HttpStatusCode.Found, (await player.GetAsync("/admin")).Status);
    }
}
