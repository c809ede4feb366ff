using System.Buffers;

namespace QueryDoctor.Sql;

/// <summary>A growable token list that starts on caller memory and rents from the shared pool.</summary>
internal ref struct TokenList
{
    private SqlToken[]? _rented;
    private Span<SqlToken> _items;
    private int _count;

    public TokenList(Span<SqlToken> initial)
    {
        _rented = null;
        _items = initial;
        _count = 0;
    }

    public readonly int Count => _count;

    /// <summary>One bit per <see cref="SqlKeyword"/> that occurs among the tokens, so passes can skip absent clauses.</summary>
    public UInt128 Keywords { readonly get; set; }

    public readonly ReadOnlySpan<SqlToken> Items => _items[.._count];

    public void Add(SqlToken token)
    {
        if (_count == _items.Length)
        {
            var next = ArrayPool<SqlToken>.Shared.Rent(Math.Max(16, _items.Length * 2));
            _items[.._count].CopyTo(next);
            var old = _rented;
            _rented = next;
            _items = next;
            if (old is not null)
            {
                ArrayPool<SqlToken>.Shared.Return(old);
            }
        }

        _items[_count++] = token;
    }

    public void Dispose()
    {
        var rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<SqlToken>.Shared.Return(rented);
        }
    }
}
