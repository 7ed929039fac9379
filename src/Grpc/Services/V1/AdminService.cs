using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using CoreAuditEntry = Maimai.Core.Accounts.AuditEntry;
using ProtoAuditEntry = Maimai.Grpc.Contracts.V1.AuditEntry;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// maimai.v1.AdminService. Who may call it is decided before any method runs, by
/// <see cref="ApiTokenAuthentication.AdminPolicy"/> on its endpoints (<see cref="MaimaiApiExtensions.MapMaimaiApi"/>).
/// </summary>
public sealed class AdminService(IAccountDeletion deletion) : Contracts.V1.AdminService.AdminServiceBase
{
    public override async Task<DeleteUserResponse> DeleteUser(DeleteUserRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.UserId, "user_id");
        check.ThrowIfInvalid();
        if (!Ids.TryParse(id, out var userId))
        {
            throw ApiErrors.NotFound("user", id);
        }

        return await deletion.DeleteAccountAsync(userId, AuditActor.Admin(caller.UserId), context.CancellationToken) switch
        {
            AccountDeletion.Deleted => new DeleteUserResponse(),
            AccountDeletion.FetchRunning => throw ApiErrors.FetchRunning(),
            _ => throw ApiErrors.NotFound("user", id),
        };
    }

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 1, check);
        long? before = cursor is null ? null : Ids.CursorNumber(cursor[0], check);
        check.ThrowIfInvalid();

        var entries = await deletion.ListAuditAsync(before, size + 1, context.CancellationToken);
        var response = new ListAuditEntriesResponse();
        response.AuditEntries.AddRange(entries.Take(size).Select(ToProto));
        if (entries.Count > size)
        {
            response.NextPageToken = PageTokens.Encode(request, Ids.Format(entries[size - 1].Id));
        }

        return response;
    }

    private static ProtoAuditEntry ToProto(CoreAuditEntry entry) => new()
    {
        Id = Ids.Format(entry.Id),
        Time = ProtoTime.From(entry.At),
        Actor = entry.Actor.Kind,
        ActorUserId = entry.Actor.UserId is { } actor ? Ids.Format(actor) : "",
        Action = entry.Action,
        Entity = entry.Entity,
        EntityId = entry.EntityId,
        Detail = entry.Detail ?? "",
    };
}
