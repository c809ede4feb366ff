using System.Buffers;

namespace QueryDoctor.Sql;

/// <summary>A growable character buffer that starts on caller memory and rents from the shared pool.</summary>
internal ref struct CharBuffer
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _rented = null;
        _chars = initial;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>At least <paramref name="length"/> writable characters after the written ones; see <see cref="Advance"/>.</summary>
    public Span<char> GetSpan(int length)
    {
        if (_length + length > _chars.Length)
        {
            Grow(length);
        }

        return _chars.Slice(_length, length);
    }

    /// <summary>Counts <paramref name="count"/> characters written into the last <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => _length += count;

    public void Dispose()
    {
        var rented = _rented;
        this = default;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private void Grow(int extra)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + extra));
        _chars[.._length].CopyTo(next);
        var old = _rented;
        _rented = next;
        _chars = next;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }
}
