using System.Collections;
using System.Text;

namespace Maimai.Grpc.Transport;

/// <summary>
/// Call headers or trailers: ordered key/value entries (mirrors Grpc.Core.Metadata). Keys are lowercase ASCII;
/// keys ending in "-bin" carry bytes, sent base64-encoded (PROTOCOL-HTTP2.md#requests).
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary-valued key.</summary>
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public bool IsReadOnly => false;

    public Entry this[int index]
    {
        get => _entries[index];
        set => _entries[index] = value;
    }

    public void Add(string key, string value) => _entries.Add(new Entry(key, value));

    public void Add(string key, byte[] valueBytes) => _entries.Add(new Entry(key, valueBytes));

    public void Add(Entry item) => _entries.Add(item);

    /// <summary>The last entry with <paramref name="key"/>, or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>The string value of the last entry with <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) => Get(key)?.Value;

    /// <summary>The bytes of the last binary entry with <paramref name="key"/>, or null.</summary>
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerable<Entry> GetAll(string key)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                yield return entry;
            }
        }
    }

    public void Clear() => _entries.Clear();

    public bool Contains(Entry item) => _entries.Contains(item);

    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    public List<Entry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<Entry> IEnumerable<Entry>.GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    public int IndexOf(Entry item) => _entries.IndexOf(item);

    public void Insert(int index, Entry item) => _entries.Insert(index, item);

    public bool Remove(Entry item) => _entries.Remove(item);

    public void RemoveAt(int index) => _entries.RemoveAt(index);

    /// <summary>One metadata entry: a key with either a string value or, for "-bin" keys, bytes.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                // Header values are printable ASCII (PROTOCOL-HTTP2.md: ASCII-Value).
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"Value of '{Key}' holds a character outside printable ASCII.", nameof(value));
                }
            }

            _value = value;
        }

        public Entry(string key, byte[] valueBytes)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' carries bytes, so it must end in '-bin'.", nameof(key));
            }

            _valueBytes = valueBytes ?? throw new ArgumentNullException(nameof(valueBytes));
        }

        public string Key { get; }

        public bool IsBinary => _valueBytes is not null;

        /// <summary>The string value; throws for binary entries.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Entry '{Key}' is binary: use ValueBytes.");

        /// <summary>The bytes; for a string entry, its ASCII bytes.</summary>
        public byte[] ValueBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}: <{_valueBytes!.Length} bytes>" : $"{Key}: {_value}";

        internal static bool IsBinaryKey(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                // Header-Name: 1*( %x30-39 / %x61-7A / "_" / "-" / ".") (PROTOCOL-HTTP2.md#requests).
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
                {
                    throw new ArgumentException($"Metadata key '{key}' holds '{c}': only a-z, 0-9, '-', '_' and '.' are allowed.", nameof(key));
                }
            }

            return lower;
        }
    }
}
