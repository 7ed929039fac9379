using System.Globalization;
using Grpc.Core;
using Maimai.Core.Snapshots;
using Maimai.Core.Songs;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;
using CoreJudgementPoint = Maimai.Core.Snapshots.JudgementPoint;
using ProtoChartScoreVersion = Maimai.Grpc.Contracts.V1.ChartScoreVersion;
using ProtoJudgementPoint = Maimai.Grpc.Contracts.V1.JudgementPoint;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// InsightsService's history rpcs (GetChartHistory, GetPlayActivity, GetJudgementTrend): their request checks and
/// mapping. Every read goes through <see cref="IHistoryQueries"/> with the caller's id, so nobody else's data answers.
/// </summary>
internal static class InsightsHistory
{
    /// <summary>GetPlayActivity answers at most this many days at once.</summary>
    public const int MaxDays = 366;

    /// <summary>GetJudgementTrend reads at most this many plays.</summary>
    public const int MaxPlays = 2000;

    private const int DefaultPlays = 200;
    private const int DefaultPlaysPerPoint = 10;
    private const int MaxPlaysPerPoint = 100;
    private const string DateFormat = "yyyy-MM-dd";

    public static async Task<GetChartHistoryResponse> ChartAsync(IHistoryQueries history, ISongQueries songs, GetChartHistoryRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        var id = check.Required(request.ChartId, "chart_id");
        check.ThrowIfInvalid();
        var library = await songs.GetLibraryAsync(context.CancellationToken);
        if (!Ids.TryParseInt(id, out var chartId) || !library.TryGetChart(chartId, out var chart, out var song))
        {
            check.Add("chart_id", "names no chart in the songs database");
            check.ThrowIfInvalid();
            throw new InvalidOperationException("unreachable");
        }

        var versions = await history.GetChartHistoryAsync(caller.UserId, region, chartId, context.CancellationToken);
        if (versions.Count == 0)
        {
            throw ApiErrors.NotFound("You have no score on this chart in this region.", ("chart_id", id));
        }

        var response = new GetChartHistoryResponse
        {
            Region = request.Region,
            ChartId = Ids.Format(chartId),
            SongId = Ids.Format(song.Id),
            Title = song.Title,
            ChartType = EnumMaps.ChartType.ToProto(chart.Type),
            Difficulty = EnumMaps.Difficulty.ToProto(chart.Difficulty),
            LevelX10 = chart.LevelIn(region).Tenths,
            DxScoreMax = chart.DxScoreMax ?? 0,
        };
        response.Versions.AddRange(versions.Select(v =>
        {
            var proto = new ProtoChartScoreVersion
            {
                SnapshotId = Ids.Format(v.SnapshotId),
                TakenAt = ProtoTime.From(v.TakenAt),
                AchievementX10000 = v.Achievement.TenThousandths,
                Rank = EnumMaps.ScoreRank.ToProto(v.Achievement.Rank),
                DxScore = v.DxScore,
                ComboLamp = EnumMaps.ComboLamp.ToProto(v.ComboLamp),
                SyncLamp = EnumMaps.SyncLamp.ToProto(v.SyncLamp),
            };
            if (v.PlayCount is { } plays)
            {
                proto.PlayCount = plays;
            }

            return proto;
        }));
        return response;
    }

    public static async Task<GetPlayActivityResponse> PlayActivityAsync(IHistoryQueries history, GetPlayActivityRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        var first = Date(check, request.FromDate, "from_date");
        var last = Date(check, request.ToDate, "to_date");
        var offset = Offset(check, request.UtcOffsetMinutes);
        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                check.Add("to_date", "must not be before from_date");
            }
            else if (l.DayNumber - f.DayNumber + 1 > MaxDays)
            {
                check.Add("to_date", $"must be at most {MaxDays} days from from_date (ask for a longer range in parts)");
            }
        }

        check.ThrowIfInvalid();
        var activity = await history.GetPlayActivityAsync(caller.UserId, region, new DayRange(first!.Value, last!.Value, offset), context.CancellationToken);
        var response = new GetPlayActivityResponse { TotalPlays = activity.Days.Sum(d => d.Plays) };
        response.Days.AddRange(activity.Days.Select(d => new Contracts.V1.PlayDay
        {
            Date = Format(d.Date),
            Plays = d.Plays,
            Source = EnumMaps.PlayCountSource.ToProto(d.Source),
        }));
        response.Spans.AddRange(activity.Spans.Select(s => new Contracts.V1.PlaySpan { FromDate = Format(s.From), ToDate = Format(s.To), Plays = s.Plays }));
        return response;
    }

    public static async Task<GetJudgementTrendResponse> JudgementTrendAsync(IHistoryQueries history, GetJudgementTrendRequest request, ServerCallContext context)
    {
        var caller = context.GetApiCaller();
        var check = new RequestCheck();
        var region = check.RequiredRegion(request.Region);
        if (request.Grouping is not (JudgementGrouping.Day or JudgementGrouping.Plays))
        {
            check.Add("grouping", "set JUDGEMENT_GROUPING_DAY or JUDGEMENT_GROUPING_PLAYS");
        }

        if (request.PlaysPerPoint is < 0 or > MaxPlaysPerPoint)
        {
            check.Add("plays_per_point", $"set 1 to {MaxPlaysPerPoint}, or 0 for {DefaultPlaysPerPoint}");
        }

        if (request.LastPlays is < 0 or > MaxPlays)
        {
            check.Add("last_plays", $"set 1 to {MaxPlays}, or 0 for {DefaultPlays}");
        }

        var offset = Offset(check, request.UtcOffsetMinutes);
        check.ThrowIfInvalid();
        var plays = await history.GetPlayTimingsAsync(caller.UserId, region, request.LastPlays == 0 ? DefaultPlays : request.LastPlays, context.CancellationToken);
        var trend = request.Grouping == JudgementGrouping.Day
            ? JudgementTrend.ByDay(plays, offset)
            : JudgementTrend.ByPlays(plays, request.PlaysPerPoint == 0 ? DefaultPlaysPerPoint : request.PlaysPerPoint);
        var response = new GetJudgementTrendResponse { PlaysWithoutCounts = trend.PlaysWithoutCounts, Total = trend.Total is { } total ? ToProto(total) : null };
        response.Points.AddRange(trend.Points.Select(ToProto));
        return response;
    }

    private static ProtoJudgementPoint ToProto(CoreJudgementPoint p) => new()
    {
        Date = p.Date is { } d ? Format(d) : "",
        FromTime = ProtoTime.From(p.From),
        ToTime = ProtoTime.From(p.To),
        Plays = p.Plays,
        Fast = p.Fast,
        Late = p.Late,
        FastSharePerMille = p.FastSharePerMille,
    };

    private static DateOnly? Date(RequestCheck check, string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            check.Add(field, "is required (YYYY-MM-DD)");
            return null;
        }

        if (!DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            check.Add(field, "is not a date as YYYY-MM-DD");
            return null;
        }

        // maimai DX began in 2019; the bounds keep every zone's day start a valid time.
        if (date.Year is < 2000 or > 2099)
        {
            check.Add(field, "must be from 2000-01-01 to 2099-12-31");
            return null;
        }

        return date;
    }

    // Real zones run from UTC-12:00 to UTC+14:00.
    private static TimeSpan Offset(RequestCheck check, int minutes)
    {
        if (minutes is < -720 or > 840)
        {
            check.Add("utc_offset_minutes", "must be -720 to 840 (JST is 540)");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMinutes(minutes);
    }

    private static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);
}
