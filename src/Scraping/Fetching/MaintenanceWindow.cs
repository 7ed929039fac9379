namespace Maimai.Scraping.Fetching;

/// <summary>DX NET's daily maintenance, 04:00 to 07:00 Japan time (UTC+9, no daylight saving), on both sites.</summary>
public static class MaintenanceWindow
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);
    private static readonly TimeSpan Start = TimeSpan.FromHours(4);
    private static readonly TimeSpan End = TimeSpan.FromHours(7);

    /// <summary>When the window that <paramref name="now"/> falls in ends, or null outside the window.</summary>
    public static DateTimeOffset? EndOf(DateTimeOffset now)
    {
        var local = now.ToOffset(Japan);
        var time = local.TimeOfDay;
        return time >= Start && time < End
            ? new DateTimeOffset(local.Date + End, Japan)
            : null;
    }
}
