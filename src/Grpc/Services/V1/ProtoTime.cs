using Google.Protobuf.WellKnownTypes;

namespace Maimai.Grpc.Services.V1;

/// <summary>Times and dates on the wire (google.protobuf.Timestamp, UTC).</summary>
internal static class ProtoTime
{
    // Song dates are Japanese release days: midnight in Japan.
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static Timestamp? From(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    public static Timestamp? FromJapanDate(DateOnly? date) =>
        date is { } d ? Timestamp.FromDateTimeOffset(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), Jst)) : null;
}
