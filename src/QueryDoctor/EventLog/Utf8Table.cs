using System.Buffers.Binary;
using System.Numerics;

namespace QueryDoctor.EventLog;

/// <summary>
/// A map from UTF-8 byte strings to values, looked up by span without allocating. The key found last is tried first
/// (an event log repeats a line's scope, statement and call site on the next lines), then the table, hashed 16 bytes
/// at a time.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class Utf8Table<T>
    where T : class
{
    private readonly Dictionary<byte[], T> _items = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private byte[]? _lastKey;
    private T? _lastValue;

    public Utf8Table() => _bySpan = _items.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _items.Count;

    public bool TryGetValue(ReadOnlySpan<byte> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        if (_lastKey is { } last && key.SequenceEqual(last))
        {
            value = _lastValue!;
            return true;
        }

        if (_bySpan.TryGetValue(key, out var actual, out value))
        {
            _lastKey = actual;
            _lastValue = value;
            return true;
        }

        return false;
    }

    public void Add(ReadOnlySpan<byte> key, T value) => _bySpan.TryAdd(key, value);

    /// <summary>
    /// A 64-bit multiply-rotate hash over 8-byte words in two lanes, seeded per process (like <see cref="HashCode"/>):
    /// several times faster than <see cref="HashCode.AddBytes"/> on statement texts, which it hashes 4 bytes at a time.
    /// </summary>
    internal static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong K1 = 0x9E3779B97F4A7C15;
        const ulong K2 = 0xC2B2AE3D27D4EB4F;
        var a = Utf8KeyComparer.Seed ^ ((ulong)bytes.Length * K1);
        var b = Utf8KeyComparer.Seed ^ K2;
        var rest = bytes;
        while (rest.Length >= 16)
        {
            a = BitOperations.RotateLeft((a ^ BinaryPrimitives.ReadUInt64LittleEndian(rest)) * K1, 31);
            b = BitOperations.RotateLeft((b ^ BinaryPrimitives.ReadUInt64LittleEndian(rest[8..])) * K2, 29);
            rest = rest[16..];
        }

        if (bytes.Length >= 16)
        {
            // The last 16 bytes (overlapping what was hashed: the length is in the seed).
            if (!rest.IsEmpty)
            {
                var tail = bytes[^16..];
                a = BitOperations.RotateLeft((a ^ BinaryPrimitives.ReadUInt64LittleEndian(tail)) * K1, 31);
                b = BitOperations.RotateLeft((b ^ BinaryPrimitives.ReadUInt64LittleEndian(tail[8..])) * K2, 29);
            }
        }
        else if (rest.Length >= 8)
        {
            a = BitOperations.RotateLeft((a ^ BinaryPrimitives.ReadUInt64LittleEndian(rest)) * K1, 31);
            b = BitOperations.RotateLeft((b ^ BinaryPrimitives.ReadUInt64LittleEndian(rest[^8..])) * K2, 29);
        }
        else if (rest.Length >= 4)
        {
            a = BitOperations.RotateLeft((a ^ BinaryPrimitives.ReadUInt32LittleEndian(rest)) * K1, 31);
            b = BitOperations.RotateLeft((b ^ BinaryPrimitives.ReadUInt32LittleEndian(rest[^4..])) * K2, 29);
        }
        else
        {
            foreach (var value in rest)
            {
                a = BitOperations.RotateLeft((a ^ value) * K1, 31);
            }
        }

        var hash = (a ^ BitOperations.RotateLeft(b, 17)) * K1;
        hash ^= hash >> 32;
        return (int)hash;
    }

    private sealed class Utf8KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8KeyComparer Instance = new();

        public static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
