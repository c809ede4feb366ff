using System.Buffers;

namespace QueryDoctor.Sql;

/// <summary>A growable list of integers that starts on caller memory and rents from the shared pool.</summary>
internal ref struct IntList
{
    private int[]? _rented;
    private Span<int> _items;
    private int _count;

    public IntList(Span<int> initial)
    {
        _rented = null;
        _items = initial;
        _count = 0;
    }

    public readonly int Count => _count;

    public readonly Span<int> Items => _items[.._count];

    public readonly int this[int index] => _items[.._count][index];

    public void Add(int value)
    {
        if (_count == _items.Length)
        {
            var next = ArrayPool<int>.Shared.Rent(Math.Max(16, _items.Length * 2));
            _items[.._count].CopyTo(next);
            var old = _rented;
            _rented = next;
            _items = next;
            if (old is not null)
            {
                ArrayPool<int>.Shared.Return(old);
            }
        }

        _items[_count++] = value;
    }

    /// <summary>Removes and returns the last item (the list must not be empty).</summary>
    public int Pop() => _items[--_count];

    public void Dispose()
    {
        var rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }
}
