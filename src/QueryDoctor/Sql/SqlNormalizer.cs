namespace QueryDoctor.Sql;

/// <summary>
/// Writes the normalised text of a token stream: values become <c>?</c>, value-only IN-lists become
/// <c>in (...)</c>, value-only VALUES rows collapse to one row, names are unquoted and lowercased,
/// and spacing is rebuilt from the tokens alone so the source layout cannot leak in.
/// </summary>
internal static class SqlNormalizer
{
    private enum Spacing : byte
    {
        None,
        Open,
        Glue,
        Other,
    }

    /// <summary>The most characters <see cref="Write"/> can produce for a text of <paramref name="sqlLength"/> characters.</summary>
    /// <remarks>
    /// Each token writes at most its own text plus one space (a value's <c>?</c>, a collapsed list and
    /// an unquoted name are never longer than their source tokens with their spaces), and no text has
    /// more tokens than characters.
    /// </remarks>
    public static int MaxLength(int sqlLength) => (2 * sqlLength) + 1;

    /// <summary>
    /// Writes the normalised text into <paramref name="output"/>, at least <see cref="MaxLength"/> long,
    /// and hashes it on the way (<see cref="Fnv64"/>, the same as hashing the written text afterwards).
    /// </summary>
    /// <returns>The number of characters written.</returns>
    public static int Write(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, Span<char> output, out ulong hash)
    {
        var writer = new Writer(output);
        var pendingSemicolon = false;
        var i = 0;
        while (i < tokens.Length)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                pendingSemicolon = writer.Length > 0;
                i++;
                continue;
            }

            if (pendingSemicolon)
            {
                writer.Semicolon();
                pendingSemicolon = false;
            }

            if (token.Keyword is SqlKeyword.In or SqlKeyword.Values && i + 1 < tokens.Length && tokens[i + 1].Kind == SqlTokenKind.LeftParen)
            {
                if (token.Keyword == SqlKeyword.In)
                {
                    var close = MatchValueRow(tokens, i + 1, out _);
                    if (close < 0)
                    {
                        // Row values: (a, b) IN ((1, 2), (3, 4)).
                        close = MatchRowList(tokens, i + 1);
                    }

                    if (close > 0)
                    {
                        writer.Emit("in", Spacing.Other);
                        writer.Emit('(', Spacing.Open);
                        writer.Emit("...", Spacing.Other);
                        writer.Emit(')', Spacing.Other);
                        i = close + 1;
                        continue;
                    }
                }
                else
                {
                    var end = MatchValueRows(tokens, i + 1, out var arity);
                    if (end > 0)
                    {
                        writer.Emit("values", Spacing.Other);
                        writer.Emit('(', Spacing.Open);
                        for (var n = 0; n < arity; n++)
                        {
                            if (n > 0)
                            {
                                writer.Emit(',', Spacing.Other);
                            }

                            writer.Emit('?', Spacing.Other);
                        }

                        writer.Emit(')', Spacing.Other);
                        i = end;
                        continue;
                    }
                }
            }

            if (token.Kind == SqlTokenKind.Word && token.Length == 5 && i + 1 < tokens.Length
                && tokens[i + 1].Kind == SqlTokenKind.Operator && sql[tokens[i + 1].Start] == '['
                && token.Text(sql).Equals("array", StringComparison.OrdinalIgnoreCase))
            {
                // PostgreSQL array constructor: ARRAY[1, 2, 3] (as in = ANY(ARRAY[…])).
                var close = MatchArrayValues(sql, tokens, i + 1);
                if (close > 0)
                {
                    writer.Emit("array", Spacing.Other);
                    writer.Emit("[...]", Spacing.Glue);
                    i = close + 1;
                    continue;
                }
            }

            writer.Token(sql, token);
            i++;
        }

        hash = writer.Hash;
        return writer.Length;
    }

    internal static char ClosingQuote(ReadOnlySpan<char> sql, SqlToken token) =>
        token.Start > 0 && sql[token.Start - 1] == '[' ? ']' : token.Start > 0 ? sql[token.Start - 1] : '"';

    /// <summary>
    /// When <paramref name="open"/> starts <c>(value, value, …)</c>, returns the index of its closing
    /// parenthesis and the number of values; otherwise -1.
    /// </summary>
    private static int MatchValueRow(ReadOnlySpan<SqlToken> tokens, int open, out int arity)
    {
        arity = 0;
        if (open >= tokens.Length || tokens[open].Kind != SqlTokenKind.LeftParen)
        {
            return -1;
        }

        var i = open + 1;
        while (i < tokens.Length && tokens[i].IsValue)
        {
            arity++;
            i++;
            if (i < tokens.Length && tokens[i].Kind == SqlTokenKind.RightParen)
            {
                return i;
            }

            if (i >= tokens.Length || tokens[i].Kind != SqlTokenKind.Comma)
            {
                return -1;
            }

            i++;
        }

        return -1;
    }

    /// <summary>
    /// When <paramref name="open"/> starts <c>((value, …), (value, …), …)</c>, returns the index of its closing
    /// parenthesis; otherwise -1.
    /// </summary>
    private static int MatchRowList(ReadOnlySpan<SqlToken> tokens, int open)
    {
        var i = open + 1;
        while (true)
        {
            var close = MatchValueRow(tokens, i, out _);
            if (close < 0 || close + 1 >= tokens.Length)
            {
                return -1;
            }

            i = close + 1;
            if (tokens[i].Kind == SqlTokenKind.RightParen)
            {
                return i;
            }

            if (tokens[i].Kind != SqlTokenKind.Comma)
            {
                return -1;
            }

            i++;
        }
    }

    /// <summary>
    /// When <paramref name="open"/> is the <c>[</c> of <c>ARRAY[value, …]</c> (or of an already collapsed
    /// <c>ARRAY[...]</c>, so normalising twice changes nothing), returns the index of its <c>]</c>; otherwise -1.
    /// </summary>
    private static int MatchArrayValues(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, int open)
    {
        var i = open + 1;
        if (i + 3 < tokens.Length && tokens[i].Kind == SqlTokenKind.Dot && tokens[i + 1].Kind == SqlTokenKind.Dot
            && tokens[i + 2].Kind == SqlTokenKind.Dot && IsClosingBracket(sql, tokens[i + 3]))
        {
            return i + 3;
        }

        while (i < tokens.Length && tokens[i].IsValue)
        {
            i++;
            if (i < tokens.Length && IsClosingBracket(sql, tokens[i]))
            {
                return i;
            }

            if (i >= tokens.Length || tokens[i].Kind != SqlTokenKind.Comma)
            {
                return -1;
            }

            i++;
        }

        return -1;
    }

    private static bool IsClosingBracket(ReadOnlySpan<char> sql, SqlToken token) =>
        token.Kind == SqlTokenKind.Operator && token.Length == 1 && sql[token.Start] == ']';

    /// <summary>Matches one or more comma-separated value rows; returns the index after the last row, or -1.</summary>
    private static int MatchValueRows(ReadOnlySpan<SqlToken> tokens, int open, out int arity)
    {
        var close = MatchValueRow(tokens, open, out arity);
        if (close < 0)
        {
            return -1;
        }

        var end = close + 1;
        while (end + 1 < tokens.Length && tokens[end].Kind == SqlTokenKind.Comma)
        {
            var next = MatchValueRow(tokens, end + 1, out _);
            if (next < 0)
            {
                return tokens[end + 1].Kind == SqlTokenKind.LeftParen ? -1 : end;
            }

            end = next + 1;
        }

        return end;
    }

    /// <summary>Appends to a buffer known to be long enough, tracking what the last piece was for spacing.</summary>
    private ref struct Writer
    {
        private readonly Span<char> _output;
        private int _length;
        private Spacing _last;
        private ulong _hash;

        public Writer(Span<char> output)
        {
            _output = output;
            _length = 0;
            _last = Spacing.None;
            _hash = Fnv64.OffsetBasis;
        }

        public readonly int Length => _length;

        public readonly ulong Hash => _hash;

        public void Semicolon()
        {
            Put(';');
            _last = Spacing.Other;
        }

        public void Token(ReadOnlySpan<char> sql, SqlToken token)
        {
            switch (token.Kind)
            {
                case SqlTokenKind.String:
                case SqlTokenKind.Number:
                case SqlTokenKind.Parameter:
                    Emit('?', Spacing.Other);
                    break;
                case SqlTokenKind.LeftParen:
                    Emit('(', Spacing.Open);
                    break;
                case SqlTokenKind.RightParen:
                    Emit(')', Spacing.Other);
                    break;
                case SqlTokenKind.Comma:
                    Emit(',', Spacing.Other);
                    break;
                case SqlTokenKind.Dot:
                    Emit('.', Spacing.Glue);
                    break;
                case SqlTokenKind.Word:
                    Space();
                    AppendLower(token.Text(sql));
                    _last = Spacing.Other;
                    break;
                case SqlTokenKind.QuotedIdentifier:
                    Space();
                    if (token.HasEscapes || token.HasNul)
                    {
                        AppendLower(token.Text(sql), token.HasEscapes ? ClosingQuote(sql, token) : '\0');
                    }
                    else
                    {
                        AppendLower(token.Text(sql));
                    }

                    _last = Spacing.Other;
                    break;
                case SqlTokenKind.Operator:
                    var text = token.Text(sql);

                    // A subscript's brackets hug what they index and what they hold: a[1], tags[?].
                    Emit(text, text is "::" ? Spacing.Glue : text is "[" ? Spacing.Open : Spacing.Other);
                    break;
                default:
                    Emit(token.Text(sql), Spacing.Other);
                    break;
            }
        }

        public void Emit(ReadOnlySpan<char> text, Spacing kind)
        {
            var glueBefore = kind == Spacing.Glue || text is ")" or "," or "[" or "]";
            if (!glueBefore)
            {
                Space();
            }

            text.CopyTo(_output[_length..]);
            _length += text.Length;
            _hash = Fnv64.Append(_hash, text);
            _last = kind;
        }

        public void Emit(char c, Spacing kind)
        {
            if (kind != Spacing.Glue && c is not (')' or ','))
            {
                Space();
            }

            Put(c);
            _last = kind;
        }

        private void Put(char c)
        {
            _output[_length++] = c;
            _hash = Fnv64.Step(_hash, c);
        }

        private void Space()
        {
            if (_length > 0 && _last is not (Spacing.Open or Spacing.Glue))
            {
                Put(' ');
            }
        }

        private void AppendLower(ReadOnlySpan<char> text)
        {
            var destination = _output.Slice(_length, text.Length);
            var hash = _hash;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                c = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
                destination[i] = c;
                hash = Fnv64.Step(hash, c);
            }

            _hash = hash;
            _length += text.Length;
        }

        private void AppendLower(ReadOnlySpan<char> text, char escape)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                Put(char.ToLowerInvariant(c));
                if (c == escape && i + 1 < text.Length && text[i + 1] == escape)
                {
                    i++;
                }
            }
        }
    }
}
