using System.Runtime.InteropServices;

namespace QueryDoctor;

/// <summary>
/// 64-bit FNV-1a: stable across processes and machines (unlike <see cref="string.GetHashCode()"/>),
/// so fingerprints and value hashes mean the same in every run.
/// </summary>
internal static class StableHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Append(ulong hash, ReadOnlySpan<char> chars) => Append(hash, MemoryMarshal.AsBytes(chars));

    public static ulong Append(ulong hash, ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Append(hash, bytes);
    }

    public static ulong Append(ulong hash, byte value) => (hash ^ value) * Prime;

    public static ulong Of(ReadOnlySpan<char> chars) => Append(Seed, chars);

    /// <summary>Mixes two hashes in order: <c>Combine(a, b) != Combine(b, a)</c>.</summary>
    public static ulong Combine(ulong first, ulong second) => Append(Append(Seed, first), second);
}
