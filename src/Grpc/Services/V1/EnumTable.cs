namespace Maimai.Grpc.Services.V1;

/// <summary>A one-to-one table between a Core enum and its proto enum; UNSPECIFIED (0) never appears in it.</summary>
public sealed class EnumTable<TCore, TProto>
    where TCore : struct, Enum
    where TProto : struct, Enum
{
    private readonly Dictionary<TCore, TProto> _toProto;
    private readonly Dictionary<TProto, TCore> _toCore;

    public EnumTable(params (TCore Core, TProto Proto)[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Pairs = pairs;
        _toProto = pairs.ToDictionary(p => p.Core, p => p.Proto);
        _toCore = pairs.ToDictionary(p => p.Proto, p => p.Core);
    }

    public IReadOnlyList<(TCore Core, TProto Proto)> Pairs { get; }

    /// <summary>The proto value; a Core value missing from the table is a bug, so it throws.</summary>
    public TProto ToProto(TCore value) => _toProto.TryGetValue(value, out var proto)
        ? proto
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TCore).Name}.{value} has no {typeof(TProto).Name}.");

    /// <summary>The Core value; false for UNSPECIFIED and for numbers the contract does not define (proto3 enums are open).</summary>
    public bool TryToCore(TProto value, out TCore core) => _toCore.TryGetValue(value, out core);
}
