using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;
using Maimai.Grpc.Errors;
using ProtoRegion = Maimai.Grpc.Contracts.V1.Region;
using FieldViolation = Google.Rpc.BadRequest.Types.FieldViolation;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// Collects a request's field violations so one INVALID_ARGUMENT names every bad field at once
/// (google.rpc.BadRequest), then throws it from <see cref="ThrowIfInvalid"/>.
/// </summary>
internal sealed class RequestCheck
{
    /// <summary>A page_size of 0 asks for this many (common.proto).</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Larger page sizes are capped to this.</summary>
    public const int MaxPageSize = 500;

    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range google.protobuf.Timestamp allows.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    private readonly List<FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public void Add(string field, string description) =>
        _violations.Add(new FieldViolation { Field = field, Description = description });

    /// <summary>0 → the default, above the maximum → the maximum, negative → a violation.</summary>
    public int PageSize(int requested, string field = "page_size")
    {
        if (requested < 0)
        {
            Add(field, "must not be negative (0 asks for the server default, 50)");
            return DefaultPageSize;
        }

        return requested == 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }

    /// <summary>A required string: non-empty after trimming.</summary>
    public string Required(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }

        return value?.Trim() ?? "";
    }

    /// <summary>The time range of from_time (inclusive) and to_time (exclusive), each optional.</summary>
    public TakenRange Range(Timestamp? from, Timestamp? to, string fromField = "from_time", string toField = "to_time")
    {
        var start = Time(from, fromField);
        var end = Time(to, toField);
        if (start is { } s && end is { } e && e <= s)
        {
            Add(toField, "must be after from_time");
        }

        return new TakenRange(start, end);
    }

    /// <summary>A region that must be given (UNSPECIFIED or an unknown number is a violation).</summary>
    public Region RequiredRegion(ProtoRegion value, string field = "region")
    {
        if (!EnumMaps.Region.TryToCore(value, out var region))
        {
            Add(field, value == ProtoRegion.Unspecified ? "is required" : $"{(int)value} is not a region");
        }

        return region;
    }

    /// <summary>An optional enum filter: UNSPECIFIED is null (any); an unknown number is a violation.</summary>
    public TCore? Optional<TCore, TProto>(EnumTable<TCore, TProto> table, TProto value, string field)
        where TCore : struct, System.Enum
        where TProto : struct, System.Enum
    {
        if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        if (table.TryToCore(value, out var core))
        {
            return core;
        }

        Add(field, $"{Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} is not a {typeof(TProto).Name} value");
        return null;
    }

    /// <summary>A repeated enum filter: each value must be a defined, non-UNSPECIFIED one.</summary>
    public HashSet<TCore> Set<TCore, TProto>(EnumTable<TCore, TProto> table, IEnumerable<TProto> values, string field)
        where TCore : struct, System.Enum
        where TProto : struct, System.Enum
    {
        var set = new HashSet<TCore>();
        var index = 0;
        foreach (var value in values)
        {
            if (table.TryToCore(value, out var core))
            {
                set.Add(core);
            }
            else
            {
                Add($"{field}[{index}]", $"{Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} is not a {typeof(TProto).Name} filter value");
            }

            index++;
        }

        return set;
    }

    /// <summary>A level range: bounds of 0 are open; negative bounds, and max below min, are violations.</summary>
    public (Level? Min, Level? Max) Levels(Contracts.V1.LevelRange? range, string field = "level")
    {
        if (range is null)
        {
            return (null, null);
        }

        if (range.MinX10 < 0)
        {
            Add(field + ".min_x10", "must not be negative (0 for no lower bound)");
        }

        if (range.MaxX10 < 0)
        {
            Add(field + ".max_x10", "must not be negative (0 for no upper bound)");
        }

        if (range.MinX10 > 0 && range.MaxX10 > 0 && range.MaxX10 < range.MinX10)
        {
            Add(field + ".max_x10", "must not be below min_x10");
        }

        return (range.MinX10 > 0 ? new Level(range.MinX10) : null, range.MaxX10 > 0 ? new Level(range.MaxX10) : null);
    }

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw ApiErrors.InvalidArgument(_violations);
        }
    }

    private DateTimeOffset? Time(Timestamp? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        // Timestamp.ToDateTimeOffset throws outside 0001-9999 or with nanos out of range.
        if (value.Seconds is < MinSeconds or > MaxSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            Add(field, "is not a valid timestamp");
            return null;
        }

        return value.ToDateTimeOffset();
    }
}
