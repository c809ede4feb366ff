namespace QueryDoctor.Sql;

/// <summary>64-bit FNV-1a over UTF-16 code units, low byte first, so the value is the same everywhere.</summary>
internal static class Fnv64
{
    public const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<char> text) => Append(OffsetBasis, text);

    // Two FNV steps over a zero high byte are one multiplication by the prime squared (mod 2^64).
    private const ulong PrimeSquared = unchecked(Prime * Prime);

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
}
