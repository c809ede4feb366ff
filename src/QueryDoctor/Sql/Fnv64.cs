namespace QueryDoctor.Sql;

/// <summary>
/// The one 64-bit FNV-1a of the code base: stable across processes and machines (unlike
/// <see cref="string.GetHashCode()"/>), so fingerprints and value hashes mean the same in every run.
/// Text is hashed as UTF-16 code units, low byte first, whatever the machine's byte order.
/// </summary>
internal static class Fnv64
{
    public const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    // Two FNV steps over a zero high byte are one multiplication by the prime squared (mod 2^64).
    private const ulong PrimeSquared = unchecked(Prime * Prime);

    public static ulong Hash(ReadOnlySpan<char> text) => Append(OffsetBasis, text);

    public static ulong Append(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = Step(hash, c);
        }

        return hash;
    }

    /// <summary>One character; Latin-1 characters (zero high byte) take one multiplication.</summary>
    public static ulong Step(ulong hash, char c) => c < 256 ? (hash ^ c) * PrimeSquared : Append(hash, c);

    public static ulong Append(ulong hash, char c)
    {
        hash ^= (byte)c;
        hash *= Prime;
        hash ^= (byte)(c >> 8);
        hash *= Prime;
        return hash;
    }

    public static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Append(ulong hash, byte value) => (hash ^ value) * Prime;

    /// <summary>A 64-bit value as its eight bytes, low byte first.</summary>
    public static ulong Append(ulong hash, ulong value)
    {
        for (var shift = 0; shift < 64; shift += 8)
        {
            hash = (hash ^ (byte)(value >> shift)) * Prime;
        }

        return hash;
    }

    /// <summary>Mixes two hashes in order: <c>Combine(a, b) != Combine(b, a)</c>.</summary>
    public static ulong Combine(ulong first, ulong second) => Append(Append(OffsetBasis, first), second);
}
