using Maimai.Core.Game;
using Microsoft.Extensions.Logging;

namespace Maimai.Silo.AutoRefresh;

/// <summary>Log events of auto-refresh, EventIds 6201-6299. Never a token: reasons are the failures' own messages.</summary>
internal static partial class AutoRefreshLog
{
    [LoggerMessage(EventId = 6201, EventName = "AutoRefreshSet", Level = LogLevel.Information,
        Message = "Auto-refresh of user {UserId} on {Region}: enabled {Enabled}, every {IntervalMinutes} min")]
    public static partial void Set(ILogger logger, long userId, Region region, bool enabled, long intervalMinutes);

    [LoggerMessage(EventId = 6202, EventName = "AutoRefreshFetchStarted", Level = LogLevel.Information,
        Message = "Auto-refresh of user {UserId} on {Region}: the play count moved, fetch {FetchId} started")]
    public static partial void FetchStarted(ILogger logger, long userId, Region region, long fetchId);

    [LoggerMessage(EventId = 6203, EventName = "AutoRefreshPaused", Level = LogLevel.Information,
        Message = "Auto-refresh of user {UserId} on {Region} paused: {Reason}")]
    public static partial void Paused(ILogger logger, long userId, Region region, string reason);
}
