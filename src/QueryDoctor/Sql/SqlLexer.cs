namespace QueryDoctor.Sql;

/// <summary>
/// Splits SQL text (SQLite, PostgreSQL, SQL Server, MySQL) into tokens. Never throws: unterminated
/// strings, identifiers and comments run to the end of the text.
/// </summary>
internal static class SqlLexer
{
    public static void Tokenize(ReadOnlySpan<char> sql, ref TokenList tokens)
    {
        var depth = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && next == '-')
            {
                i = SkipLine(sql, i);
                continue;
            }

            if (c == '/' && next == '*')
            {
                i = SkipBlockComment(sql, i);
                continue;
            }

            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new SqlToken(SqlTokenKind.LeftParen, i, 1, depth));
                    depth++;
                    i++;
                    continue;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    tokens.Add(new SqlToken(SqlTokenKind.RightParen, i, 1, depth));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new SqlToken(SqlTokenKind.Comma, i, 1, depth));
                    i++;
                    continue;
                case ';':
                    tokens.Add(new SqlToken(SqlTokenKind.Semicolon, i, 1, depth));
                    i++;
                    continue;
                case '\'':
                    i = SkipString(sql, i, backslashEscapes: false);
                    tokens.Add(new SqlToken(SqlTokenKind.String, start, i - start, depth));
                    continue;
                case '"':
                case '`':
                    i = AddQuotedIdentifier(sql, i, c, depth, ref tokens);
                    continue;
                case '[':
                    if (i > 0 && (IsIdentifierPart(sql[i - 1]) || sql[i - 1] is ')' or ']'))
                    {
                        // Array subscript (PostgreSQL), not a SQL Server bracketed name.
                        break;
                    }

                    i = AddQuotedIdentifier(sql, i, ']', depth, ref tokens);
                    continue;
                case '.':
                    if (char.IsAsciiDigit(next))
                    {
                        i = SkipNumber(sql, i);
                        tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, depth));
                    }
                    else
                    {
                        tokens.Add(new SqlToken(SqlTokenKind.Dot, i, 1, depth));
                        i++;
                    }

                    continue;
                case '@':
                    if (next == '@')
                    {
                        i = SkipIdentifier(sql, i + 2);
                        tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, depth));
                        continue;
                    }

                    if (IsIdentifierPart(next))
                    {
                        i = SkipIdentifier(sql, i + 1);
                        tokens.Add(new SqlToken(SqlTokenKind.Parameter, start, i - start, depth));
                        continue;
                    }

                    break;
                case ':':
                    if (next != ':' && (IsIdentifierStart(next) || char.IsAsciiDigit(next))
                        && (i == 0 || sql[i - 1] != ':'))
                    {
                        i = SkipIdentifier(sql, i + 1);
                        tokens.Add(new SqlToken(SqlTokenKind.Parameter, start, i - start, depth));
                        continue;
                    }

                    break;
                case '?':
                    i++;
                    while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                    {
                        i++;
                    }

                    tokens.Add(new SqlToken(SqlTokenKind.Parameter, start, i - start, depth));
                    continue;
                case '$':
                    if (TryDollar(sql, ref i, out var dollarKind))
                    {
                        tokens.Add(new SqlToken(dollarKind, start, i - start, depth));
                        continue;
                    }

                    break;
                case '-':
                    if ((char.IsAsciiDigit(next) || (next == '.' && i + 2 < sql.Length && char.IsAsciiDigit(sql[i + 2])))
                        && AllowsUnaryMinus(tokens.Items))
                    {
                        i = SkipNumber(sql, i + 1);
                        tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, depth));
                        continue;
                    }

                    break;
                case '#':
                    if (IsIdentifierStart(next) || next == '#')
                    {
                        // SQL Server temporary table (#name, ##name).
                        i = SkipIdentifier(sql, next == '#' ? i + 2 : i + 1);
                        tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, depth));
                        continue;
                    }

                    break;
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        i = SkipNumber(sql, i);
                        tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, depth));
                        continue;
                    }

                    if (IsIdentifierStart(c))
                    {
                        i = SkipIdentifier(sql, i + 1);
                        if (i - start == 1 && i < sql.Length && sql[i] == '\'' && c is 'e' or 'E' or 'n' or 'N' or 'x' or 'X' or 'b' or 'B')
                        {
                            i = SkipString(sql, i, backslashEscapes: c is 'e' or 'E');
                            tokens.Add(new SqlToken(SqlTokenKind.String, start, i - start, depth));
                        }
                        else
                        {
                            var keyword = SqlKeywords.Classify(sql[start..i]);
                            if (keyword != SqlKeyword.None)
                            {
                                tokens.Keywords |= UInt128.One << (int)keyword;
                            }

                            tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, depth, Keyword: keyword));
                        }

                        continue;
                    }

                    break;
            }

            i += OperatorLength(sql[i..]);
            tokens.Add(new SqlToken(SqlTokenKind.Operator, start, i - start, depth));
        }
    }

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));

    public static bool IsIdentifierPart(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || (c > 127 && char.IsLetterOrDigit(c));

    private static int SkipLine(ReadOnlySpan<char> sql, int i)
    {
        var end = sql[i..].IndexOfAny('\n', '\r');
        return end < 0 ? sql.Length : i + end;
    }

    private static int SkipBlockComment(ReadOnlySpan<char> sql, int i)
    {
        var nesting = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                nesting++;
                i += 2;
            }
            else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/')
            {
                nesting--;
                i += 2;
                if (nesting == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int SkipString(ReadOnlySpan<char> sql, int quote, bool backslashEscapes)
    {
        var i = quote + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static int AddQuotedIdentifier(ReadOnlySpan<char> sql, int open, char close, int depth, ref TokenList tokens)
    {
        var i = open + 1;
        var escapes = false;
        var nul = false;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == close)
            {
                if (i + 1 < sql.Length && sql[i + 1] == close)
                {
                    escapes = true;
                    i += 2;
                    continue;
                }

                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, open + 1, i - open - 1, depth, escapes, HasNul: nul));
                return i + 1;
            }

            nul |= c == '\0';
            i++;
        }

        tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, open + 1, sql.Length - open - 1, depth, escapes, HasNul: nul));
        return sql.Length;
    }

    private static int SkipIdentifier(ReadOnlySpan<char> sql, int i)
    {
        while (i < sql.Length && IsIdentifierPart(sql[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipNumber(ReadOnlySpan<char> sql, int i)
    {
        if (sql[i] == '0' && i + 2 < sql.Length && sql[i + 1] is 'x' or 'X' && char.IsAsciiHexDigit(sql[i + 2]))
        {
            i += 2;
            while (i < sql.Length && char.IsAsciiHexDigit(sql[i]))
            {
                i++;
            }

            return i;
        }

        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            i++;
        }

        if (i < sql.Length && sql[i] == '.')
        {
            i++;
            while (i < sql.Length && char.IsAsciiDigit(sql[i]))
            {
                i++;
            }
        }

        if (i + 1 < sql.Length && sql[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (sql[j] is '+' or '-')
            {
                j++;
            }

            if (j < sql.Length && char.IsAsciiDigit(sql[j]))
            {
                i = j;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }
            }
        }

        return i;
    }

    private static bool TryDollar(ReadOnlySpan<char> sql, ref int i, out SqlTokenKind kind)
    {
        var start = i;
        var j = i + 1;
        if (j < sql.Length && char.IsAsciiDigit(sql[j]))
        {
            while (j < sql.Length && char.IsAsciiDigit(sql[j]))
            {
                j++;
            }

            i = j;
            kind = SqlTokenKind.Parameter;
            return true;
        }

        if (j < sql.Length && IsIdentifierStart(sql[j]))
        {
            while (j < sql.Length && (char.IsAsciiLetterOrDigit(sql[j]) || sql[j] == '_' || (sql[j] > 127 && char.IsLetterOrDigit(sql[j]))))
            {
                j++;
            }

            if (j >= sql.Length || sql[j] != '$')
            {
                // SQLite $name parameter.
                i = j;
                kind = SqlTokenKind.Parameter;
                return true;
            }
        }

        if (j < sql.Length && sql[j] == '$')
        {
            var tag = sql[start..(j + 1)];
            var body = j + 1;
            var close = sql[body..].IndexOf(tag);
            i = close < 0 ? sql.Length : body + close + tag.Length;
            kind = SqlTokenKind.String;
            return true;
        }

        kind = SqlTokenKind.Operator;
        return false;
    }

    private static bool AllowsUnaryMinus(ReadOnlySpan<SqlToken> tokens)
    {
        if (tokens.IsEmpty)
        {
            return true;
        }

        var previous = tokens[^1];
        return previous.Kind switch
        {
            SqlTokenKind.Operator or SqlTokenKind.LeftParen or SqlTokenKind.Comma or SqlTokenKind.Semicolon => true,
            SqlTokenKind.Word => SqlKeywords.IsReserved(previous.Keyword),
            _ => false,
        };
    }

    private static int OperatorLength(ReadOnlySpan<char> s)
    {
        if (s.Length >= 3 && (s.StartsWith("->>") || s.StartsWith("#>>") || s.StartsWith("!~*")))
        {
            return 3;
        }

        if (s.Length >= 2)
        {
            var pair = s[..2];
            if (pair is "<=" or ">=" or "<>" or "!=" or "==" or "||" or "::" or "->" or "<<" or ">>" or "@>" or "<@"
                or "&&" or "!<" or "!>" or "#>" or "~*" or "!~" or ":=")
            {
                return 2;
            }
        }

        return 1;
    }
}
