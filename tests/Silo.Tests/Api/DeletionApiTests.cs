using System.Globalization;
using Dapper;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using Maimai.Silo.Storage.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Maimai.Silo.Tests.Api;

/// <summary>
/// DeleteSnapshot, DeleteAccount and AdminService over real gRPC: a non-admin is refused PERMISSION_DENIED by the
/// admin policy, an admin (granted in the database) deletes a user, and every deletion shows in the audit log.
/// Each test makes its own users, so the fixture's seed stays as the other tests expect it.
/// </summary>
[Collection(ApiGroup.Name)]
public sealed class DeletionApiTests(ApiFixture api)
{
    [Fact]
    public async Task A_user_deletes_their_latest_snapshot_and_the_previous_becomes_the_latest()
    {
        var user = await api.AddUserAsync("snapshot-deleter");
        var client = api.Client(user);
        var ids = await SeedSnapshotsAsync(user.Id, 2);

        var deleted = await client.CallAsync<DeleteSnapshotResponse>("/maimai.v1.SnapshotService/DeleteSnapshot", new DeleteSnapshotRequest { SnapshotId = Id(ids[1]) });

        Assert.Equal(0, deleted.Status);
        var latest = await client.CallAsync<GetSnapshotResponse>("/maimai.v1.SnapshotService/GetSnapshot", new GetSnapshotRequest { LatestForRegion = Region.Jp });
        Assert.Equal(Id(ids[0]), latest.Response.Snapshot.Id);
        Assert.Equal(5, (await client.CallAsync<ListScoresResponse>("/maimai.v1.SnapshotService/ListScores", new ListScoresRequest { SnapshotId = Id(ids[1]) })).Status);
        Assert.Equal(5, (await client.CallAsync<DeleteSnapshotResponse>("/maimai.v1.SnapshotService/DeleteSnapshot", new DeleteSnapshotRequest { SnapshotId = Id(ids[1]) })).Status);
    }

    [Fact]
    public async Task Deleting_an_account_needs_the_callers_own_id_and_then_ends_everything()
    {
        var user = await api.AddUserAsync("leaver");
        var client = api.Client(user);
        await SeedSnapshotsAsync(user.Id, 1);

        var wrong = await client.CallAsync<DeleteAccountResponse>("/maimai.v1.AccountService/DeleteAccount", new DeleteAccountRequest { ConfirmUserId = "DELETE" });
        Assert.Equal(9, wrong.Status);
        Assert.Equal(ApiErrors.ConfirmationMismatch, wrong.ErrorInfo.Reason);
        Assert.Equal(0, (await client.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Status);

        Assert.Equal(0, (await client.CallAsync<DeleteAccountResponse>("/maimai.v1.AccountService/DeleteAccount", new DeleteAccountRequest { ConfirmUserId = Id(user.Id) })).Status);

        // The token may still be cached on this node for ApiTokenCache:Duration, but it names nobody now.
        var me = await client.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest());
        Assert.Equal(16, me.Status);
        Assert.Empty(await UserRowsAsync(user.Id));
    }

    [Fact]
    public async Task An_account_with_a_running_fetch_is_kept_and_the_caller_told_to_try_again()
    {
        var user = await api.AddUserAsync("busy-leaver");
        await using (var connection = await api.Database.OpenAsync().WaitAsync(ApiFixture.Timeout))
        {
            await connection.ExecuteAsync("INSERT INTO fetch_sessions (user_id, region, state, created_at) VALUES (@User, 1, 'running', @At)", new { User = user.Id, At = ApiFixture.T0 });
        }

        var refused = await api.Client(user).CallAsync<DeleteAccountResponse>("/maimai.v1.AccountService/DeleteAccount", new DeleteAccountRequest { ConfirmUserId = Id(user.Id) });

        Assert.Equal(9, refused.Status);
        Assert.Equal((ApiErrors.FetchRunningReason, "A fetch is running; try again when it ends."), (refused.ErrorInfo.Reason, refused.Message));
        Assert.Equal(0, (await api.Client(user).CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Status);
    }

    [Fact]
    public async Task An_admin_deletes_a_user_and_the_audit_log_shows_it_while_others_are_refused()
    {
        var victim = await api.AddUserAsync("victim");
        await SeedSnapshotsAsync(victim.Id, 2);
        var plain = await api.AddUserAsync("not-admin");
        var refused = await api.Client(plain).CallAsync<DeleteUserResponse>("/maimai.v1.AdminService/DeleteUser", new DeleteUserRequest { UserId = Id(victim.Id) });
        Assert.Equal(7, refused.Status);
        Assert.Equal(ApiErrors.AdminRequired, refused.ErrorInfo.Reason);
        Assert.NotEmpty(await UserRowsAsync(victim.Id));

        // Granted in the database before the admin's token is first used, so no cached caller predates the role.
        var admin = await api.AddUserAsync("admin");
        Assert.True(await api.App.Services.GetRequiredService<UserRepository>().SetAdminAsync(admin.Id, true));
        var client = api.Client(admin);
        Assert.True((await client.CallAsync<GetMeResponse>("/maimai.v1.AccountService/GetMe", new GetMeRequest())).Response.IsAdmin);

        Assert.Equal(0, (await client.CallAsync<DeleteUserResponse>("/maimai.v1.AdminService/DeleteUser", new DeleteUserRequest { UserId = Id(victim.Id) })).Status);
        Assert.Empty(await UserRowsAsync(victim.Id));
        Assert.Equal(5, (await client.CallAsync<DeleteUserResponse>("/maimai.v1.AdminService/DeleteUser", new DeleteUserRequest { UserId = Id(victim.Id) })).Status);

        var page = (await client.CallAsync<ListAuditEntriesResponse>("/maimai.v1.AdminService/ListAuditEntries", new ListAuditEntriesRequest { PageSize = 1 })).Response;
        var entry = Assert.Single(page.AuditEntries);
        Assert.Equal(("admin", Id(admin.Id), "delete", "user", Id(victim.Id)), (entry.Actor, entry.ActorUserId, entry.Action, entry.Entity, entry.EntityId));
        Assert.NotEmpty(page.NextPageToken);
        var next = (await client.CallAsync<ListAuditEntriesResponse>("/maimai.v1.AdminService/ListAuditEntries", new ListAuditEntriesRequest { PageSize = 1, PageToken = page.NextPageToken })).Response;
        Assert.True(long.Parse(Assert.Single(next.AuditEntries).Id, CultureInfo.InvariantCulture) < long.Parse(entry.Id, CultureInfo.InvariantCulture));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<long[]> SeedSnapshotsAsync(long userId, int count)
    {
        var scores = api.App.Services.GetRequiredService<Maimai.Silo.Storage.Scores.ScoreRepository>();
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            var written = await Storage.ScoreRepositoryExtensions.WriteSnapshotAsync(scores, api.Database, new Maimai.Silo.Storage.Scores.SnapshotWrite(userId, Core.Game.Region.Jp, ApiFixture.T0.AddDays(i), null,
                new Core.Players.PlayerProfile("P"), [new Maimai.Silo.Storage.Scores.ChartScore(api.Chart.AlphaMaster, new Core.Game.Achievement(990_000 + i), 1, Core.Game.ComboLamp.None, Core.Game.SyncLamp.None, 1, null)])).WaitAsync(ApiFixture.Timeout);
            ids[i] = written.SnapshotId;
        }

        return ids;
    }

    private Task<Dictionary<string, long>> UserRowsAsync(long userId) => Storage.UserRowCensus.CountAsync(api.Database, userId).WaitAsync(ApiFixture.Timeout);
}
