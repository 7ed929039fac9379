using Grpc.Core;
using Maimai.Core.Fetching;
using Maimai.Core.Game;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;

namespace Maimai.Grpc.Services.V1;

/// <summary>maimai.v1.FetchService over <see cref="IFetchCoordinator"/>, which scopes every call by the caller.</summary>
public sealed class FetchService(IFetchCoordinator fetches) : Contracts.V1.FetchService.FetchServiceBase
{
    public override async Task<StartFetchResponse> StartFetch(StartFetchRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        check.ThrowIfInvalid();

        var outcome = await fetches.StartFetchAsync(caller.UserId, region, context.CancellationToken);
        return outcome switch
        {
            StartFetchOutcome.Started started => new StartFetchResponse { Fetch = FetchMapping.ToProto(started.Fetch) },
            StartFetchOutcome.AlreadyRunning running => new StartFetchResponse { Fetch = FetchMapping.ToProto(running.Fetch) },
            StartFetchOutcome.RateLimited limited => throw ApiErrors.RateLimited(region.ToName(), limited.RetryAfter, limited.NextAllowedAt),
            StartFetchOutcome.TokenNotSet => throw ApiErrors.DxNetTokenMissing(region.ToName()),
            StartFetchOutcome.RegionUnavailable unavailable => throw ApiErrors.RegionNotServed(region.ToName(), unavailable.Reason),
            _ => throw new InvalidOperationException($"Unknown fetch outcome {outcome.GetType().Name}."),
        };
    }

    public override async Task<GetFetchResponse> GetFetch(GetFetchRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var id = RequiredId(request.FetchId);
        var fetch = Ids.TryParse(id, out var fetchId) ? await fetches.GetFetchAsync(caller.UserId, fetchId, context.CancellationToken) : null;
        return new GetFetchResponse { Fetch = FetchMapping.ToProto(fetch ?? throw ApiErrors.NotFound("fetch", id)) };
    }

    public override async Task<ListFetchesResponse> ListFetches(ListFetchesRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.Optional(EnumMaps.Region, request.Region, "region");
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 1, check);
        long? before = cursor is null ? null : Ids.CursorNumber(cursor[0], check);
        check.ThrowIfInvalid();

        // Fetch ids grow over time, so "newest first" across regions is id descending: merge the regions' pages.
        var found = new List<FetchStatus>();
        foreach (var (r, _) in EnumMaps.Region.Pairs)
        {
            if (region is null || region == r)
            {
                found.AddRange(await fetches.ListFetchesAsync(caller.UserId, r, before, size + 1, context.CancellationToken));
            }
        }

        var ordered = found.OrderByDescending(f => f.Id).ToList();
        var response = new ListFetchesResponse();
        response.Fetches.AddRange(ordered.Take(size).Select(FetchMapping.ToProto));
        if (ordered.Count > size)
        {
            response.NextPageToken = PageTokens.Encode(request, Ids.Format(ordered[size - 1].Id));
        }

        return response;
    }

    public override async Task WatchFetch(WatchFetchRequest request, IServerStreamWriter<WatchFetchResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        var caller = context.GetApiCaller();
        var id = RequiredId(request.FetchId);
        var events = Ids.TryParse(id, out var fetchId) ? await fetches.WatchFetchAsync(caller.UserId, fetchId, context.CancellationToken) : null;
        if (events is null)
        {
            throw ApiErrors.NotFound("fetch", id);
        }

        await foreach (var status in events.WithCancellation(context.CancellationToken))
        {
            await responseStream.WriteAsync(new WatchFetchResponse { Fetch = FetchMapping.ToProto(status) }, context.CancellationToken);
            if (status.IsTerminal)
            {
                break;
            }
        }
    }

    private static string RequiredId(string value)
    {
        var check = new RequestCheck();
        var id = check.Required(value, "fetch_id");
        check.ThrowIfInvalid();
        return id;
    }
}
