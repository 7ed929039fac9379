namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// Parses grpc-timeout: TimeoutValue (1 to 8 ASCII digits) then TimeoutUnit H, M, S, m, u or n
/// (PROTOCOL-HTTP2.md#requests).
/// </summary>
internal static class TimeoutHeader
{
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9)
        {
            return false;
        }

        long amount = 0;
        foreach (var c in value[..^1])
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = amount * TimeSpan.TicksPerHour; break;
            case 'M': ticks = amount * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = amount * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = amount * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = amount * 10; break;
            case 'n': ticks = amount / 100; break;
            default: return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }
}
