using System.Buffers;

namespace QueryDoctor.Sql;

/// <summary>
/// An open-addressing hash index over the entries of a list of names (entry numbers, not the names): the
/// caller hashes and compares, so equal names may share a chain. Buckets are rented; <see cref="Dispose"/>
/// returns them. Lets the shape parser look names up in constant time however many tables a statement joins.
/// </summary>
internal struct NameIndex
{
    // Entry number + 1 per bucket; 0 = empty. Length is a power of two.
    private int[]? _buckets;
    private int _mask;

    public readonly bool IsBuilt => _buckets is not null;

    public readonly int Capacity => _buckets is null ? 0 : _mask + 1;

    /// <summary>Empties the index and sizes it for at least <paramref name="minimumBuckets"/> buckets.</summary>
    public void Reset(int minimumBuckets)
    {
        Dispose();
        var size = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, minimumBuckets)));
        _buckets = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(_buckets, 0, size);
        _mask = size - 1;
    }

    public readonly void Insert(int hash, int entry)
    {
        var slot = hash & _mask;
        while (_buckets![slot] != 0)
        {
            slot = (slot + 1) & _mask;
        }

        _buckets[slot] = entry + 1;
    }

    /// <summary>The first candidate entry for <paramref name="slot"/> (a hash on entry, the probe position after), or -1.</summary>
    public readonly int First(ref int slot)
    {
        slot &= _mask;
        return _buckets![slot] - 1;
    }

    /// <summary>The next candidate entry along the probe chain, or -1 at its end.</summary>
    public readonly int Next(ref int slot)
    {
        slot = (slot + 1) & _mask;
        return _buckets![slot] - 1;
    }

    public void Dispose()
    {
        if (_buckets is not null)
        {
            ArrayPool<int>.Shared.Return(_buckets);
            _buckets = null;
        }
    }
}
