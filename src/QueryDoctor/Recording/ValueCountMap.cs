using System.Numerics;

namespace QueryDoctor.Recording;

/// <summary>
/// Counts per value hash, in order of first appearance (as <see cref="Dictionary{TKey, TValue}"/> enumerates
/// without removals). A struct held inside its <see cref="StatementGroup"/>: the first value is held inline, so a
/// group that ran with one set of values (most groups of a web request) allocates nothing for its counts; more values
/// go to a table (up to 32 are found by a vectorised scan, larger maps add an open-addressing index).
/// </summary>
internal struct ValueCountMap
{
    private const int LinearLimit = 32;

    private Table? _table;
    private ulong _firstKey;
    private int _firstCount;
    private int _count;

    public readonly int Count => _count;

    /// <summary>Whether the values (none or one) are held in fields rather than a table.</summary>
    private readonly bool Inline => _table is null;

    public readonly bool ContainsKey(ulong key) => Find(key) >= 0;

    public readonly bool TryGetValue(ulong key, out int value)
    {
        var at = Find(key);
        value = at >= 0 ? CountAt(at) : 0;
        return at >= 0;
    }

    /// <summary>Whether any value ran at least <paramref name="threshold"/> times.</summary>
    public readonly bool AnyCountAtLeast(int threshold)
    {
        if (Inline)
        {
            return _count == 1 && _firstCount >= threshold;
        }

        foreach (var count in _table!.Counts.AsSpan(0, _count))
        {
            if (count >= threshold)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts one more <paramref name="key"/>; a new key is added only while fewer than <paramref name="limit"/> are held.</summary>
    /// <returns>Whether the key was counted.</returns>
    public bool Increment(ulong key, int limit)
    {
        var at = Find(key);
        if (at >= 0)
        {
            if (Inline)
            {
                _firstCount++;
            }
            else
            {
                _table!.Counts[at]++;
            }

            return true;
        }

        if (_count >= limit)
        {
            return false;
        }

        // The first key is held inline only while no table exists (a cleared map that kept its table uses it).
        if (_count == 0 && Inline)
        {
            _firstKey = key;
            _firstCount = 1;
            _count = 1;
            return true;
        }

        var table = _table;
        if (table is null)
        {
            table = _table = new Table { Keys = new ulong[4], Counts = new int[4] };
            table.Keys[0] = _firstKey;
            table.Counts[0] = _firstCount;
        }
        else if (_count == table.Keys.Length)
        {
            Array.Resize(ref table.Keys, _count * 2);
            Array.Resize(ref table.Counts, _count * 2);
        }

        table.Keys[_count] = key;
        table.Counts[_count] = 1;
        _count++;
        if (_count > LinearLimit)
        {
            if (table.Index is null || _count * 2 > table.Index.Length)
            {
                table.Reindex(_count);
            }
            else
            {
                Insert(table.Index, key, _count - 1);
            }
        }

        return true;
    }

    /// <summary>Forgets every count; a small table is kept for the next use, a large one is released.</summary>
    public void Clear()
    {
        if (_table is { } table)
        {
            if (table.Keys.Length > LinearLimit)
            {
                _table = null;
            }
            else
            {
                table.Index = null;
            }
        }

        _firstKey = 0;
        _firstCount = 0;
        _count = 0;
    }

    public readonly Enumerator GetEnumerator() => new(this);

    public readonly ulong KeyAt(int i) => Inline ? _firstKey : _table!.Keys[i];

    public readonly int CountAt(int i) => Inline ? _firstCount : _table!.Counts[i];

    private readonly int Find(ulong key)
    {
        if (Inline)
        {
            return _count == 1 && _firstKey == key ? 0 : -1;
        }

        var table = _table!;
        if (table.Index is not { } index)
        {
            return table.Keys.AsSpan(0, _count).IndexOf(key);
        }

        var mask = index.Length - 1;
        var slot = Slot(key, mask);
        while (true)
        {
            var entry = index[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (table.Keys[entry] == key)
            {
                return entry;
            }

            slot = (slot + 1) & mask;
        }
    }

    private static void Insert(int[] index, ulong key, int entry)
    {
        var mask = index.Length - 1;
        var slot = Slot(key, mask);
        while (index[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        index[slot] = entry + 1;
    }

    private static int Slot(ulong key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & mask;

    /// <summary>Enumerates the counts in order of first appearance.</summary>
    public struct Enumerator
    {
        private readonly ValueCountMap _map;
        private int _next;

        internal Enumerator(ValueCountMap map)
        {
            _map = map;
            _next = 0;
            Current = default;
        }

        public KeyValuePair<ulong, int> Current { get; private set; }

        public bool MoveNext()
        {
            if (_next >= _map._count)
            {
                return false;
            }

            Current = new KeyValuePair<ulong, int>(_map.KeyAt(_next), _map.CountAt(_next));
            _next++;
            return true;
        }
    }

    /// <summary>The counts of a map past its first value.</summary>
    private sealed class Table
    {
#pragma warning disable SA1401, CA1051 // Fields, resized in place with Array.Resize.
        public ulong[] Keys = [];
        public int[] Counts = [];
        public int[]? Index;
#pragma warning restore SA1401, CA1051

        public void Reindex(int count)
        {
            var index = new int[(int)BitOperations.RoundUpToPowerOf2((uint)(count * 3))];
            for (var i = 0; i < count; i++)
            {
                Insert(index, Keys[i], i);
            }

            Index = index;
        }
    }
}
