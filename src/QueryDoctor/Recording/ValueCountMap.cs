using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.InteropServices;

namespace QueryDoctor.Recording;

/// <summary>
/// Counts per value hash, in order of first appearance (as <see cref="Dictionary{TKey, TValue}"/> enumerates
/// without removals). Compact for the usual handful of values: up to 32 are found by a vectorised scan,
/// larger maps add an open-addressing index; the first value is held inline, so a group that ran with one set of
/// values (most groups of a web request) allocates no arrays.
/// </summary>
internal sealed class ValueCountMap : IReadOnlyDictionary<ulong, int>
{
    private const int LinearLimit = 32;

    private ulong[] _keys = [];
    private int[] _counts = [];
    private int[]? _index;
    private int _count;
    private ulong _firstKey;
    private int _firstCount;

    public int Count => _count;

    public IEnumerable<ulong> Keys => Enumerable.Range(0, _count).Select(KeyAt);

    public IEnumerable<int> Values => Enumerable.Range(0, _count).Select(CountAt);

    /// <summary>The counts in order of first appearance, without enumerating through an interface.</summary>
    public ReadOnlySpan<int> CountSpan => Inline ? MemoryMarshal.CreateReadOnlySpan(ref _firstCount, _count) : _counts.AsSpan(0, _count);

    /// <summary>Whether the values (none or one) are held in fields rather than arrays.</summary>
    private bool Inline => _keys.Length == 0;

    public int this[ulong key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();

    public bool ContainsKey(ulong key) => Find(key) >= 0;

    public bool TryGetValue(ulong key, [MaybeNullWhen(false)] out int value)
    {
        var at = Find(key);
        value = at >= 0 ? CountAt(at) : 0;
        return at >= 0;
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
                _counts[at]++;
            }

            return true;
        }

        if (_count >= limit)
        {
            return false;
        }

        // The first key is held inline only while no arrays exist (a cleared map that kept its arrays uses them).
        if (_count == 0 && Inline)
        {
            _firstKey = key;
            _firstCount = 1;
            _count = 1;
            return true;
        }

        if (Inline)
        {
            _keys = new ulong[4];
            _counts = new int[4];
            _keys[0] = _firstKey;
            _counts[0] = _firstCount;
        }
        else if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _counts, _count * 2);
        }

        _keys[_count] = key;
        _counts[_count] = 1;
        _count++;
        if (_count > LinearLimit)
        {
            if (_index is null || _count * 2 > _index.Length)
            {
                Reindex();
            }
            else
            {
                Insert(_index, key, _count - 1);
            }
        }

        return true;
    }

    /// <summary>Forgets every count; small tables keep their arrays for the next use, large ones are released.</summary>
    public void Clear()
    {
        if (_keys.Length > LinearLimit)
        {
            _keys = [];
            _counts = [];
        }

        _index = null;
        _count = 0;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<ulong, int>> IEnumerable<KeyValuePair<ulong, int>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ulong KeyAt(int i) => Inline ? _firstKey : _keys[i];

    private int CountAt(int i) => Inline ? _firstCount : _counts[i];

    private int Find(ulong key)
    {
        if (Inline)
        {
            return _count == 1 && _firstKey == key ? 0 : -1;
        }

        if (_index is null)
        {
            return _keys.AsSpan(0, _count).IndexOf(key);
        }

        var mask = _index.Length - 1;
        var slot = Slot(key, mask);
        while (true)
        {
            var entry = _index[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (_keys[entry] == key)
            {
                return entry;
            }

            slot = (slot + 1) & mask;
        }
    }

    private void Reindex()
    {
        var index = new int[(int)BitOperations.RoundUpToPowerOf2((uint)(_count * 3))];
        for (var i = 0; i < _count; i++)
        {
            Insert(index, _keys[i], i);
        }

        _index = index;
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
    public struct Enumerator : IEnumerator<KeyValuePair<ulong, int>>
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

        readonly object IEnumerator.Current => Current;

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

        public void Reset()
        {
            _next = 0;
            Current = default;
        }

        public readonly void Dispose()
        {
        }
    }
}
