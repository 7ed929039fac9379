namespace Maimai.Grpc.Transport;

/// <summary>Flags that change how one response message is written (mirrors Grpc.Core.WriteFlags).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Mirrors Grpc.Core.WriteFlags.")]
public enum WriteFlags
{
    None = 0,

    /// <summary>Hint that the write may be buffered; the transport flushes at the end of the call anyway.</summary>
    BufferHint = 0x1,

    /// <summary>Send this message uncompressed even when the call compresses its responses.</summary>
    NoCompress = 0x2,
}

/// <summary>Options for writing response messages (mirrors Grpc.Core.WriteOptions).</summary>
public sealed class WriteOptions(WriteFlags flags = WriteFlags.None)
{
    /// <summary>The default: no flags.</summary>
    public static readonly WriteOptions Default = new();

    public WriteFlags Flags { get; } = flags;
}
