using Grpc.Core;
using Maimai.Core.Accounts;
using Maimai.Core.Game;
using Maimai.Core.Sharing;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using CoreDxNetTokenStatus = Maimai.Core.Accounts.DxNetTokenStatus;
using CoreRegion = Maimai.Core.Game.Region;
using ProtoDxNetTokenStatus = Maimai.Grpc.Contracts.V1.DxNetTokenStatus;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;

namespace Maimai.Grpc.Services.V1;

/// <summary>maimai.v1.AccountService: the caller's account, API tokens and DX NET tokens.</summary>
public sealed class AccountService(IAccountStore accounts, IDxNetTokenStore dxNetTokens, IAccountDeletion deletion, ISharingStore sharing) : Contracts.V1.AccountService.AccountServiceBase
{
    /// <summary>Longest API token name (account.proto).</summary>
    public const int MaxTokenNameLength = 100;

    /// <summary>Longest DX NET token accepted; real ones are a few hundred characters.</summary>
    public const int MaxDxNetTokenLength = 4096;

    public override async Task<GetMeResponse> GetMe(GetMeRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var account = await accounts.GetAccountAsync(caller.UserId, context.CancellationToken)
            ?? throw ApiErrors.Unauthenticated(tokenPresent: true);
        var response = new GetMeResponse
        {
            UserId = Ids.Format(account.Id),
            DisplayName = account.DisplayName,
            DiscordId = account.DiscordId ?? "",
            IsAdmin = account.IsAdmin,
        };
        foreach (var (region, proto) in EnumMaps.Region.Pairs)
        {
            if ((await dxNetTokens.GetStatusAsync(caller.UserId, region, context.CancellationToken)).IsSet)
            {
                response.DxNetTokenRegions.Add(proto);
            }
        }

        return response;
    }

    public override async Task<CreateApiTokenResponse> CreateApiToken(CreateApiTokenRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var name = check.Required(request.Name, "name");
        if (name.Length > MaxTokenNameLength)
        {
            check.Add("name", $"must be at most {MaxTokenNameLength} characters");
        }

        check.ThrowIfInvalid();
        var created = await accounts.CreateApiTokenAsync(caller.UserId, name, context.CancellationToken)
            ?? throw ApiErrors.Unauthenticated(tokenPresent: true);
        return new CreateApiTokenResponse { ApiToken = ToProto(created.Token), PlaintextToken = created.Plaintext };
    }

    public override async Task<ListApiTokensResponse> ListApiTokens(ListApiTokensRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 1, check);
        long? before = cursor is null ? null : Ids.CursorNumber(cursor[0], check);
        check.ThrowIfInvalid();

        var tokens = await accounts.ListApiTokensAsync(caller.UserId, before, size + 1, context.CancellationToken);
        var response = new ListApiTokensResponse();
        response.ApiTokens.AddRange(tokens.Take(size).Select(ToProto));
        if (tokens.Count > size)
        {
            response.NextPageToken = PageTokens.Encode(request, Ids.Format(tokens[size - 1].Id));
        }

        return response;
    }

    public override async Task<RevokeApiTokenResponse> RevokeApiToken(RevokeApiTokenRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var id = check.Required(request.ApiTokenId, "api_token_id");
        check.ThrowIfInvalid();
        if (!Ids.TryParse(id, out var tokenId) || !await accounts.RevokeApiTokenAsync(caller.UserId, tokenId, context.CancellationToken))
        {
            throw ApiErrors.NotFound("api token", id);
        }

        return new RevokeApiTokenResponse();
    }

    public override async Task<SetDxNetTokenResponse> SetDxNetToken(SetDxNetTokenRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        var token = check.Required(request.Token, "token");
        if (token.Length > MaxDxNetTokenLength)
        {
            check.Add("token", $"must be at most {MaxDxNetTokenLength} characters");
        }

        check.ThrowIfInvalid();
        var saved = await dxNetTokens.SetAsync(caller.UserId, region, token, context.CancellationToken);
        switch (saved.Outcome)
        {
            case DxNetTokenSaveOutcome.Saved:
                break;
            case DxNetTokenSaveOutcome.NotAToken:
                check.Add("token", saved.Message);
                check.ThrowIfInvalid();
                break;
            case DxNetTokenSaveOutcome.Rejected:
                throw ApiErrors.DxNetTokenRejected(region.ToName(), saved.Message);
            default:
                throw ApiErrors.DxNetUnavailable(region.ToName(), saved.Message, saved.RetryAfter);
        }

        var status = await dxNetTokens.GetStatusAsync(caller.UserId, region, context.CancellationToken);
        return new SetDxNetTokenResponse { Status = ToProto(request.Region, status) };
    }

    public override async Task<GetDxNetTokenStatusResponse> GetDxNetTokenStatus(GetDxNetTokenStatusRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        check.ThrowIfInvalid();
        var status = await dxNetTokens.GetStatusAsync(caller.UserId, region, context.CancellationToken);
        return new GetDxNetTokenStatusResponse { Status = ToProto(request.Region, status) };
    }

    public override async Task<DeleteDxNetTokenResponse> DeleteDxNetToken(DeleteDxNetTokenRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        check.ThrowIfInvalid();
        await dxNetTokens.DeleteAsync(caller.UserId, region, context.CancellationToken);
        return new DeleteDxNetTokenResponse();
    }

    public override async Task<DeleteAccountResponse> DeleteAccount(DeleteAccountRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var confirm = check.Required(request.ConfirmUserId, "confirm_user_id");
        check.ThrowIfInvalid();
        if (!Ids.TryParse(confirm, out var confirmed) || confirmed != caller.UserId)
        {
            throw ApiErrors.ConfirmationRequired("confirm_user_id", "your own user id (GetMe.user_id)");
        }

        return await deletion.DeleteAccountAsync(caller.UserId, AuditActor.User(caller.UserId), context.CancellationToken) switch
        {
            AccountDeletion.Deleted => new DeleteAccountResponse(),
            AccountDeletion.FetchRunning => throw ApiErrors.FetchRunning(),
            _ => throw ApiErrors.Unauthenticated(tokenPresent: true),
        };
    }

    public override async Task<GetSharingResponse> GetSharing(GetSharingRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var settings = await sharing.GetAsync(caller.UserId, context.CancellationToken);
        return new GetSharingResponse { Sharing = SharingMapping.ToProto(settings) };
    }

    public override async Task<SetSharingResponse> SetSharing(SetSharingRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        if (request.Sharing is null)
        {
            check.Add("sharing", "is required");
            check.ThrowIfInvalid();
        }

        var parts = SharingMapping.ToCore(request.Sharing!.Parts);
        string? username = null;
        if (!string.IsNullOrWhiteSpace(request.Sharing.Username))
        {
            username = Username.Normalize(request.Sharing.Username, out var problem);
            if (username is null)
            {
                check.Add("sharing.username", problem);
            }
        }
        else if (parts.Any)
        {
            check.Add("sharing.username", "is required to share anything (it is the public page's address)");
        }

        check.ThrowIfInvalid();
        var settings = new SharingSettings(username, parts);
        return await sharing.SetAsync(caller.UserId, settings, context.CancellationToken) switch
        {
            SharingSave.Saved => new SetSharingResponse { Sharing = SharingMapping.ToProto(settings) },
            SharingSave.UsernameTaken => throw ApiErrors.UsernameTaken(),
            _ => throw ApiErrors.Unauthenticated(tokenPresent: true),
        };
    }

    internal static ApiToken ToProto(ApiTokenInfo token) => new()
    {
        Id = Ids.Format(token.Id),
        Name = token.Name,
        Prefix = token.Prefix,
        CreatedAt = ProtoTime.From(token.CreatedAt),
        LastUsedAt = ProtoTime.From(token.LastUsedAt),
    };

    internal static ProtoDxNetTokenStatus ToProto(ProtoRegion region, CoreDxNetTokenStatus status) => new()
    {
        Region = region,
        IsSet = status.IsSet,
        SetAt = ProtoTime.From(status.SetAt),
        LastUsedAt = ProtoTime.From(status.LastUsedAt),
        LastError = status.LastError ?? "",
        ValidAt = ProtoTime.From(status.ValidAt),
        LastErrorAt = ProtoTime.From(status.LastErrorAt),
    };
}
