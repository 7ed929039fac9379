using System.Globalization;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// Ids on the wire are opaque strings (decimal database ids today). An id that does not parse names nothing, so it
/// is NOT_FOUND like any unknown id; an empty required id is INVALID_ARGUMENT.
/// </summary>
internal static class Ids
{
    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static bool TryParseInt(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>A cursor part written by this server; a violation on page_token when it is not a number.</summary>
    public static long CursorNumber(string part, RequestCheck check)
    {
        if (long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        check.Add("page_token", "is not a page token this server issued");
        return 0;
    }
}
