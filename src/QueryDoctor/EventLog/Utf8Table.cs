namespace QueryDoctor.EventLog;

/// <summary>A map from UTF-8 byte strings to values, looked up by span without allocating.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class Utf8Table<T>
    where T : class
{
    private readonly Dictionary<byte[], T> _items = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;

    public Utf8Table() => _bySpan = _items.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _items.Count;

    public bool TryGetValue(ReadOnlySpan<byte> key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) =>
        _bySpan.TryGetValue(key, out value);

    public void Add(ReadOnlySpan<byte> key, T value) => _bySpan.TryAdd(key, value);

    private sealed class Utf8KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly Utf8KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
