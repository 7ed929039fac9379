using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RpcStatus = Google.Rpc.Status;

namespace Maimai.Grpc.Errors;

/// <summary>
/// Every error the maimai.v1 services return, in one place: a status code, a fixed English message and a
/// google.rpc.Status whose details always carry an ErrorInfo (common.proto, "Errors").
/// </summary>
public static class ApiErrors
{
    public const string Domain = "maimai.v1";

    public const string ApiTokenMissing = "API_TOKEN_MISSING";
    public const string ApiTokenInvalid = "API_TOKEN_INVALID";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string FetchRateLimited = "FETCH_RATE_LIMITED";
    public const string DxNetTokenNotSet = "DXNET_TOKEN_NOT_SET";
    public const string RegionUnavailable = "REGION_UNAVAILABLE";
    public const string NotFoundReason = "NOT_FOUND";
    public const string StorageUnavailableReason = "STORAGE_UNAVAILABLE";
    public const string ApiRateLimited = "API_RATE_LIMITED";
    public const string DxNetTokenRejectedReason = "DXNET_TOKEN_REJECTED";
    public const string DxNetUnavailableReason = "DXNET_UNAVAILABLE";
    public const string AdminRequired = "ADMIN_REQUIRED";
    public const string FetchRunningReason = "FETCH_RUNNING";
    public const string ConfirmationMismatch = "CONFIRMATION_MISMATCH";
    public const string UsernameTakenReason = "USERNAME_TAKEN";
    public const string NotSharedReason = "NOT_SHARED";

    /// <summary>How long a client should wait before retrying after <see cref="StorageUnavailable"/>.</summary>
    public static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(1);

    public static RpcException Unauthenticated(bool tokenPresent) => Build(
        Code.Unauthenticated,
        tokenPresent ? "The API token is not valid or was revoked." : "Send an API token as 'authorization: Bearer <token>'.",
        tokenPresent ? ApiTokenInvalid : ApiTokenMissing);

    /// <summary>PERMISSION_DENIED: the rpc is for admins (Admins:DiscordIds or `users grant-admin`).</summary>
    public static RpcException PermissionDenied() => Build(Code.PermissionDenied, "This call is for admins only.", AdminRequired);

    /// <summary>FAILED_PRECONDITION: a fetch of the user's is pending or running, so their account is not deleted now.</summary>
    public static RpcException FetchRunning() => Build(
        Code.FailedPrecondition, "A fetch is running; try again when it ends.", FetchRunningReason);

    /// <summary>FAILED_PRECONDITION: a destructive call's confirmation field does not echo what it must.</summary>
    public static RpcException ConfirmationRequired(string field, string expected) => Build(
        Code.FailedPrecondition, $"Set {field} to {expected} to confirm; nothing was deleted.", ConfirmationMismatch, ("field", field));

    /// <summary>NOT_FOUND for an id that does not exist or is another user's: the two are never told apart.</summary>
    public static RpcException NotFound(string what, string id) =>
        Build(Code.NotFound, $"No {what} with id '{id}'.", NotFoundReason, ("resource", what));

    /// <summary>NOT_FOUND for a request without an id (the latest snapshot of a region that has none).</summary>
    public static RpcException NotFound(string message, params (string Key, string Value)[] metadata) =>
        Build(Code.NotFound, message, NotFoundReason, metadata);

    public static RpcException InvalidArgument(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        var message = "Invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
        return Build(Code.InvalidArgument, message, InvalidRequest, [], Any.Pack(badRequest));
    }

    public static RpcException RateLimited(string region, TimeSpan retryAfter, DateTimeOffset nextAllowedAt)
    {
        var retry = new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter) };
        return Build(
            Code.ResourceExhausted,
            "A fetch of this region ran less than a minute ago; retry after the delay in RetryInfo.",
            FetchRateLimited,
            [("region", region), ("next_allowed_at", nextAllowedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture))],
            Any.Pack(retry));
    }

    /// <summary>
    /// RESOURCE_EXHAUSTED for a client over the per-IP API call limit; RetryInfo only when the limiter knows when
    /// a call may succeed again.
    /// </summary>
    public static RpcException CallsRateLimited(int permitLimit, TimeSpan window, TimeSpan? retryAfter)
    {
        var limit = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{permitLimit} calls per {window.TotalSeconds:0.###} s");
        var message = $"Too many API calls from this address (limit: {limit})" + (retryAfter is null ? "." : "; retry after the delay in RetryInfo.");
        Any[] details = retryAfter is { } delay
            ? [Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay < TimeSpan.Zero ? TimeSpan.Zero : delay) })]
            : [];
        return Build(Code.ResourceExhausted, message, ApiRateLimited, [("limit", limit)], details);
    }

    public static RpcException DxNetTokenMissing(string region) => Build(
        Code.FailedPrecondition, "No maimai DX NET token is set for this region; set one with AccountService.SetDxNetToken.",
        DxNetTokenNotSet, ("region", region));

    /// <summary>
    /// INVALID_ARGUMENT: the region's site refused the token (expired or wrong); nothing was saved.
    /// <paramref name="message"/> names the site to log in to again and never holds the token.
    /// </summary>
    public static RpcException DxNetTokenRejected(string region, string message)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "token", Description = message });
        return Build(Code.InvalidArgument, message, DxNetTokenRejectedReason, [("region", region)], Any.Pack(badRequest));
    }

    /// <summary>
    /// UNAVAILABLE: the region's site could not check the token (maintenance, network); nothing was saved. RetryInfo
    /// when the end of the maintenance is known.
    /// </summary>
    public static RpcException DxNetUnavailable(string region, string message, TimeSpan? retryAfter)
    {
        Any[] details = retryAfter is { } delay
            ? [Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay < TimeSpan.Zero ? TimeSpan.Zero : delay) })]
            : [];
        return Build(Code.Unavailable, message, DxNetUnavailableReason, [("region", region)], details);
    }

    /// <summary>
    /// UNAVAILABLE: the server could not reach its database for the moment (a restart, a dropped connection). Never
    /// NOT_FOUND: a lookup that could not run says nothing about whether the id exists. The client may retry.
    /// </summary>
    public static RpcException StorageUnavailable() => Build(
        Code.Unavailable, "The server cannot reach its database right now; retry in a moment.",
        StorageUnavailableReason, [], Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(StorageRetryDelay) }));

    public static RpcException RegionNotServed(string region, string reason) => Build(
        Code.Unavailable, "Fetching this region is not available on the server right now: " + reason,
        RegionUnavailable, ("region", region));

    /// <summary>ALREADY_EXISTS: another player has the username (in any letter case); nothing changed.</summary>
    public static RpcException UsernameTaken() => Build(
        Code.AlreadyExists, "This username is taken; choose another.", UsernameTakenReason, ("field", "sharing.username"));

    /// <summary>
    /// NOT_FOUND for a username nobody has and for a profile that shares nothing: one fixed message, so the two are
    /// never told apart (no probing for private profiles).
    /// </summary>
    public static RpcException PublicProfileNotFound() => Build(
        Code.NotFound, "No public profile with this username.", NotFoundReason, ("resource", "public profile"));

    /// <summary>PERMISSION_DENIED: the profile's owner does not share this part (public_profile.proto).</summary>
    public static RpcException NotShared(string part) => Build(
        Code.PermissionDenied, "This player does not share this part of their profile.", NotSharedReason, ("part", part));

    private static RpcException Build(Code code, string message, string reason, params (string Key, string Value)[] metadata) =>
        Build(code, message, reason, metadata, []);

    private static RpcException Build(Code code, string message, string reason, (string Key, string Value)[] metadata, params Any[] details)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }

        var status = new RpcStatus { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        status.Details.AddRange(details);
        return status.ToRpcException();
    }
}
