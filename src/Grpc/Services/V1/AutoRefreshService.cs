using Grpc.Core;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using CoreRegion = Maimai.Core.Game.Region;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using ProtoAutoRefresh = Maimai.Grpc.Contracts.V1.AutoRefresh;

namespace Maimai.Grpc.Services.V1;

/// <summary>maimai.v1.AutoRefreshService over <see cref="IAutoRefresh"/>, scoped by the caller.</summary>
public sealed class AutoRefreshService(IAutoRefresh autoRefresh) : Contracts.V1.AutoRefreshService.AutoRefreshServiceBase
{
    public override async Task<GetAutoRefreshResponse> GetAutoRefresh(GetAutoRefreshRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        check.ThrowIfInvalid();
        var status = await autoRefresh.GetAsync(caller.UserId, region, context.CancellationToken);
        return new GetAutoRefreshResponse { AutoRefresh = ToProto(region, status) };
    }

    public override async Task<SetAutoRefreshResponse> SetAutoRefresh(SetAutoRefreshRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        if (request.IntervalMinutes < 0)
        {
            check.Add("interval_minutes", "must not be negative (0 keeps the current interval)");
        }

        check.ThrowIfInvalid();
        TimeSpan? interval = request.IntervalMinutes > 0 ? TimeSpan.FromMinutes(request.IntervalMinutes) : null;
        var change = await autoRefresh.SetAsync(caller.UserId, region, request.Enabled, interval, context.CancellationToken);
        if (change is AutoRefreshChange.InvalidInterval invalid)
        {
            check.Add("interval_minutes", invalid.Message);
            check.ThrowIfInvalid();
        }

        return change switch
        {
            AutoRefreshChange.Saved saved => new SetAutoRefreshResponse { AutoRefresh = ToProto(region, saved.Status) },
            AutoRefreshChange.TokenNotSet => throw ApiErrors.DxNetTokenMissing(region.ToName()),
            _ => throw new InvalidOperationException($"Unknown auto-refresh change {change.GetType().Name}."),
        };
    }

    private static ProtoAutoRefresh ToProto(CoreRegion region, AutoRefreshStatus s) => new()
    {
        Region = EnumMaps.Region.ToProto(region),
        Enabled = s.Enabled,
        IntervalMinutes = (int)Math.Round(s.Interval.TotalMinutes, MidpointRounding.AwayFromZero),
        LastPollTime = ProtoTime.From(s.LastPollAt),
        LastOutcome = s.LastOutcome is { } outcome ? EnumMaps.AutoRefreshOutcome.ToProto(outcome) : Contracts.V1.AutoRefreshOutcome.Unspecified,
        LastMessage = s.LastMessage ?? "",
        Paused = s.IsPaused,
        PausedReason = s.PausedReason ?? "",
        BackoffUntil = ProtoTime.From(s.BackoffUntil),
    };
}
