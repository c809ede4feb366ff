using System.Buffers.Binary;
using System.Numerics;

namespace QueryDoctor.Sql;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudo-random function for short inputs. Without
/// the 128-bit key its output says nothing about its input, so hashes of a small set of values (booleans, ids)
/// cannot be reversed by trying every candidate, as a plain hash could.
/// </summary>
internal static class SipHash24
{
    public static ulong Hash(ulong k0, ulong k1, ReadOnlySpan<byte> data)
    {
        var v0 = 0x736f6d6570736575UL ^ k0;
        var v1 = 0x646f72616e646f6dUL ^ k1;
        var v2 = 0x6c7967656e657261UL ^ k0;
        var v3 = 0x7465646279746573UL ^ k1;

        var blocks = data.Length / 8;
        for (var i = 0; i < blocks; i++)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * 8, 8));
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        var last = (ulong)(data.Length & 0xff) << 56;
        var tail = data[(blocks * 8)..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xff;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        return v0 ^ v1 ^ v2 ^ v3;
    }

    /// <summary>The hash of one 64-bit value, taken as its 8 little-endian bytes.</summary>
    public static ulong Hash(ulong k0, ulong k1, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Hash(k0, k1, bytes);
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
