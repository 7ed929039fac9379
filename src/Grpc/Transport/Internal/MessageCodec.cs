using System.Buffers;
using System.Reflection;
using Google.Protobuf;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>Parses and sizes one generated message type; built once per method at start-up.</summary>
internal sealed class MessageCodec<T>
    where T : class, IMessage<T>
{
    public static readonly MessageCodec<T> Instance = new();

    private readonly MessageParser<T> _parser;

    private MessageCodec()
    {
        // Every generated message has a static Parser property.
        var property = typeof(T).GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeof(T)} has no static Parser: is it a protoc-generated message?");
        _parser = (MessageParser<T>)property.GetValue(null)!;
    }

    public T Parse(in ReadOnlySequence<byte> payload) => _parser.ParseFrom(payload);

    public T Parse(ReadOnlySpan<byte> payload) => _parser.ParseFrom(payload);
}
