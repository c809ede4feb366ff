namespace QueryDoctor.Sql;

/// <summary>
/// Reads what the detectors need from a token stream: statement kind, tables, aliases, WHERE
/// predicates on columns, top-level ORDER BY, row limits and INSERT columns. Heuristic by design:
/// it recognises the shapes ORMs and hand-written data access produce and degrades to "unknown"
/// (nulls, empty lists) on anything else, never throwing.
/// </summary>
internal ref struct SqlShapeParser
{
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<char> _sql;
    private readonly ReadOnlySpan<SqlToken> _tokens;
    private readonly List<(string Name, int Index)> _registrations;
    private readonly List<(string Alias, int Open, int Close)> _derived;
    private readonly Dictionary<string, string> _aliases;
    private List<string> _tables;

    private SqlShapeParser(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens)
    {
        _sql = sql;
        _tokens = tokens;
        _registrations = [];
        _derived = [];
        _aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _tables = [];
    }

    public static SqlFingerprint Parse(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, string text, ulong hash)
    {
        var parser = new SqlShapeParser(sql, tokens);
        return parser.Run(text, hash);
    }

    private SqlFingerprint Run(string text, ulong hash)
    {
        var (start, end) = FindMainStatement();
        var (kind, kindIndex) = FindKind(start, end);
        CollectCommonTableExpressions(start, end);
        CollectTables();
        ResolveDerivedAliases();
        _tables = BuildTableList();

        var mainTable = FindMainTable(kind, kindIndex, end);
        var equality = new List<SqlColumn>();
        var range = new List<SqlColumn>();
        CollectPredicates(start, end, equality, range);
        var orderBy = CollectOrderBy(kindIndex, end);
        var (hasRowLimit, hasOffset) = FindLimits(start, end);
        var insertColumns = kind == SqlStatementKind.Insert ? CollectInsertColumns(kindIndex, end) : [];

        return new SqlFingerprint(
            text,
            hash,
            kind,
            mainTable,
            [.. _tables],
            [.. equality],
            [.. range],
            [.. orderBy],
            hasRowLimit,
            hasOffset,
            [.. insertColumns]);
    }

    private readonly (int Start, int End) FindMainStatement()
    {
        var first = (Start: -1, End: -1);
        var start = 0;
        for (var i = 0; i <= _tokens.Length; i++)
        {
            if (i < _tokens.Length && _tokens[i].Kind != SqlTokenKind.Semicolon)
            {
                continue;
            }

            if (i > start)
            {
                // Session settings EF sends ahead of a batch (SET NOCOUNT ON; ...) say nothing about the work.
                if (!IsWord(start, "set"))
                {
                    return (start, i);
                }

                if (first.Start < 0)
                {
                    first = (start, i);
                }
            }

            start = i + 1;
        }

        return first.Start < 0 ? (0, 0) : first;
    }

    private readonly (SqlStatementKind Kind, int Index) FindKind(int start, int end)
    {
        var i = start;
        while (i < end && _tokens[i].Kind == SqlTokenKind.LeftParen)
        {
            i++;
        }

        if (i >= end || _tokens[i].Kind != SqlTokenKind.Word)
        {
            return (SqlStatementKind.Other, -1);
        }

        var kind = KindOf(i);
        if (kind != SqlStatementKind.Other || !IsWord(i, "with"))
        {
            return (kind, i);
        }

        var depth = _tokens[i].Depth;
        for (var j = i + 1; j < end; j++)
        {
            if (_tokens[j].Depth == depth && _tokens[j].Kind == SqlTokenKind.Word)
            {
                var inner = KindOf(j);
                if (inner != SqlStatementKind.Other)
                {
                    return (inner, j);
                }
            }
        }

        return (SqlStatementKind.Other, i);
    }

    private readonly SqlStatementKind KindOf(int i) =>
        IsWord(i, "select") ? SqlStatementKind.Select
        : IsWord(i, "insert") || IsWord(i, "replace") ? SqlStatementKind.Insert
        : IsWord(i, "update") ? SqlStatementKind.Update
        : IsWord(i, "delete") ? SqlStatementKind.Delete
        : SqlStatementKind.Other;

    private readonly void CollectCommonTableExpressions(int start, int end)
    {
        var i = start;
        while (i < end && _tokens[i].Kind == SqlTokenKind.LeftParen)
        {
            i++;
        }

        if (!IsWord(i, "with"))
        {
            return;
        }

        i++;
        if (IsWord(i, "recursive"))
        {
            i++;
        }

        while (i < end && IsName(i))
        {
            var name = Name(i);
            i++;
            if (i < end && _tokens[i].Kind == SqlTokenKind.LeftParen)
            {
                i = MatchParen(i) + 1;
                if (i <= 0)
                {
                    return;
                }
            }

            if (!IsWord(i, "as"))
            {
                return;
            }

            i++;
            while (IsWord(i, "not") || IsWord(i, "materialized"))
            {
                i++;
            }

            if (i >= end || _tokens[i].Kind != SqlTokenKind.LeftParen)
            {
                return;
            }

            var close = MatchParen(i);
            if (close < 0)
            {
                return;
            }

            _derived.Add((name, i, close));
            i = close + 1;
            if (i >= end || _tokens[i].Kind != SqlTokenKind.Comma)
            {
                return;
            }

            i++;
        }
    }

    private readonly void CollectTables()
    {
        Span<bool> query = stackalloc bool[MaxDepth];
        query[0] = true;
        for (var i = 0; i < _tokens.Length; i++)
        {
            var token = _tokens[i];
            var depth = Depth(token);
            if (token.Kind == SqlTokenKind.LeftParen)
            {
                query[Math.Min(depth + 1, MaxDepth - 1)] = false;
                continue;
            }

            if (token.Kind == SqlTokenKind.Semicolon)
            {
                query[0] = true;
                continue;
            }

            if (token.Kind != SqlTokenKind.Word)
            {
                continue;
            }

            if (IsWord(i, "select") || IsWord(i, "insert") || IsWord(i, "delete") || IsWord(i, "with") || IsWord(i, "replace"))
            {
                query[depth] = true;
            }

            if (IsWord(i, "from"))
            {
                if (query[depth] && !IsWord(i - 1, "distinct"))
                {
                    ParseTableList(i + 1);
                }
            }
            else if (IsWord(i, "join") || IsWord(i, "straight_join"))
            {
                ParseTableRef(i + 1, columnListFollows: false);
            }
            else if (IsWord(i, "into"))
            {
                ParseTableRef(i + 1, columnListFollows: true);
            }
            else if (IsWord(i, "update"))
            {
                query[depth] = true;
                if (!IsWord(i - 1, "do") && !IsWord(i - 1, "key") && !IsWord(i - 1, "for") && !IsWord(i + 1, "set"))
                {
                    ParseTableRef(i + 1, columnListFollows: false);
                }
            }
            else if ((IsWord(i, "delete") && !IsWord(i + 1, "from")) || IsWord(i, "using"))
            {
                if (IsName(i + 1))
                {
                    ParseTableRef(i + 1, columnListFollows: false);
                }
            }
        }
    }

    private readonly void ParseTableList(int i)
    {
        var depth = i > 0 ? _tokens[i - 1].Depth : 0;
        var next = ParseTableRef(i, columnListFollows: false);
        while (next > 0 && next < _tokens.Length && _tokens[next].Kind == SqlTokenKind.Comma && _tokens[next].Depth == depth)
        {
            next = ParseTableRef(next + 1, columnListFollows: false);
        }
    }

    /// <summary>Reads <c>name [AS alias]</c> or <c>(subquery) [AS alias]</c>; returns the index after it, or -1.</summary>
    private readonly int ParseTableRef(int i, bool columnListFollows)
    {
        while (IsWord(i, "only") || IsWord(i, "lateral"))
        {
            i++;
        }

        if (i >= _tokens.Length)
        {
            return -1;
        }

        if (_tokens[i].Kind == SqlTokenKind.LeftParen)
        {
            var close = MatchParen(i);
            if (close < 0)
            {
                return -1;
            }

            var after = close + 1;
            var derivedAlias = ReadAlias(ref after);
            if (derivedAlias is not null)
            {
                _derived.Add((derivedAlias, i, close));
            }

            return after;
        }

        if (!IsName(i))
        {
            return -1;
        }

        var last = i;
        while (last + 2 < _tokens.Length && _tokens[last + 1].Kind == SqlTokenKind.Dot && IsNamePart(last + 2))
        {
            last += 2;
        }

        var next = last + 1;
        if (!columnListFollows && next < _tokens.Length && _tokens[next].Kind == SqlTokenKind.LeftParen)
        {
            // A table-valued function (json_each(?), OPENJSON(@p)), not a table.
            return -1;
        }

        var table = Name(last);
        _registrations.Add((table, last));
        var alias = ReadAlias(ref next);
        if (alias is not null)
        {
            _aliases.TryAdd(alias, table);
        }

        return next;
    }

    private readonly string? ReadAlias(ref int i)
    {
        if (IsWord(i, "as"))
        {
            if (IsNamePart(i + 1))
            {
                i += 2;
                return Name(i - 1);
            }

            return null;
        }

        if (IsName(i))
        {
            i++;
            return Name(i - 1);
        }

        return null;
    }

    private readonly void ResolveDerivedAliases()
    {
        _registrations.Sort((a, b) => a.Index.CompareTo(b.Index));
        foreach (var (alias, open, close) in _derived)
        {
            foreach (var (name, index) in _registrations)
            {
                if (index > open && index < close)
                {
                    if (!string.Equals(alias, name, StringComparison.OrdinalIgnoreCase))
                    {
                        _aliases.TryAdd(alias, Resolve(name));
                    }

                    break;
                }
            }
        }
    }

    private readonly List<string> BuildTableList()
    {
        var tables = new List<string>();
        foreach (var (name, _) in _registrations)
        {
            if (_aliases.TryGetValue(name, out var target) && !string.Equals(target, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!tables.Exists(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase)))
            {
                tables.Add(name);
            }
        }

        return tables;
    }

    private readonly string? FindMainTable(SqlStatementKind kind, int kindIndex, int end)
    {
        if (kindIndex < 0 || kind == SqlStatementKind.Other)
        {
            return null;
        }

        var after = kindIndex;
        if (kind == SqlStatementKind.Select)
        {
            var depth = _tokens[kindIndex].Depth;
            after = -1;
            for (var i = kindIndex + 1; i < end; i++)
            {
                if (_tokens[i].Depth == depth && IsWord(i, "from"))
                {
                    after = i;
                    break;
                }
            }

            if (after < 0)
            {
                return null;
            }
        }

        foreach (var (name, index) in _registrations)
        {
            if (index > after && index < end)
            {
                return Resolve(name);
            }
        }

        return null;
    }

    private readonly void CollectPredicates(int start, int end, List<SqlColumn> equality, List<SqlColumn> range)
    {
        Span<bool> where = stackalloc bool[MaxDepth];
        for (var i = start; i < end; i++)
        {
            var token = _tokens[i];
            var depth = Depth(token);
            if (token.Kind == SqlTokenKind.LeftParen)
            {
                where[Math.Min(depth + 1, MaxDepth - 1)] = where[depth];
                continue;
            }

            if (token.Kind == SqlTokenKind.Word)
            {
                if (IsWord(i, "where"))
                {
                    where[depth] = true;
                    continue;
                }

                if (EndsWhere(i))
                {
                    where[depth] = false;
                    continue;
                }
            }

            if (where[depth])
            {
                MatchPredicate(i, end, equality, range);
            }
        }
    }

    private readonly bool EndsWhere(int i) =>
        IsWord(i, "select") || IsWord(i, "group") || IsWord(i, "order") || IsWord(i, "having") || IsWord(i, "limit")
        || IsWord(i, "offset") || IsWord(i, "fetch") || IsWord(i, "union") || IsWord(i, "except")
        || IsWord(i, "intersect") || IsWord(i, "returning") || IsWord(i, "window") || IsWord(i, "for");

    private readonly void MatchPredicate(int i, int end, List<SqlColumn> equality, List<SqlColumn> range)
    {
        if (TryColumn(i, out var column, out var next) && next < end && !IsArithmetic(i - 1))
        {
            var op = _tokens[next];
            if (op.Kind == SqlTokenKind.Operator)
            {
                var text = op.Text(_sql);
                if (text is "=" or "==" && (IsValueAt(next + 1, end) || IsAnyValue(next + 1, end)))
                {
                    AddDistinct(equality, column);
                }
                else if (text is "<" or ">" or "<=" or ">=" && IsValueAt(next + 1, end))
                {
                    AddDistinct(range, column);
                }
            }
            else if (IsWord(next, "in") && next + 2 < end && _tokens[next + 1].Kind == SqlTokenKind.LeftParen && IsValueAt(next + 2, end))
            {
                AddDistinct(equality, column);
            }
            else if (IsWord(next, "between") && IsValueAt(next + 1, end))
            {
                AddDistinct(range, column);
            }

            return;
        }

        if (IsValueAt(i, end) && i + 2 < end && _tokens[i + 1].Kind == SqlTokenKind.Operator && !IsArithmetic(i - 1)
            && TryColumn(i + 2, out column, out var after) && (after >= end || !IsArithmetic(after)))
        {
            var text = _tokens[i + 1].Text(_sql);
            if (text is "=" or "==")
            {
                AddDistinct(equality, column);
            }
            else if (text is "<" or ">" or "<=" or ">=")
            {
                AddDistinct(range, column);
            }
        }
    }

    private readonly List<SqlOrderColumn> CollectOrderBy(int kindIndex, int end)
    {
        var result = new List<SqlOrderColumn>();
        if (kindIndex < 0)
        {
            return result;
        }

        var depth = _tokens[kindIndex].Depth;
        var i = kindIndex + 1;
        while (i < end && !(_tokens[i].Depth == depth && IsWord(i, "order") && IsWord(i + 1, "by")))
        {
            i++;
        }

        i += 2;
        while (i < end)
        {
            if (_tokens[i].Depth == depth && TryColumn(i, out var column, out var next))
            {
                var descending = false;
                if (IsWord(next, "collate"))
                {
                    next += 2;
                }

                if (IsWord(next, "asc"))
                {
                    next++;
                }
                else if (IsWord(next, "desc"))
                {
                    descending = true;
                    next++;
                }

                if (IsWord(next, "nulls"))
                {
                    next += 2;
                }

                if (next >= end || EndsOrderTerm(next, depth))
                {
                    result.Add(new SqlOrderColumn(column, descending));
                }

                i = next;
            }

            while (i < end && !EndsOrderTerm(i, depth))
            {
                i++;
            }

            if (i >= end || _tokens[i].Kind != SqlTokenKind.Comma)
            {
                break;
            }

            i++;
        }

        return result;
    }

    private readonly bool EndsOrderTerm(int i, int depth)
    {
        var token = _tokens[i];
        if (token.Depth < depth || token.Kind == SqlTokenKind.Semicolon)
        {
            return true;
        }

        return token.Depth == depth
            && (token.Kind == SqlTokenKind.Comma || IsWord(i, "limit") || IsWord(i, "offset") || IsWord(i, "fetch")
                || IsWord(i, "for") || IsWord(i, "union") || IsWord(i, "except") || IsWord(i, "intersect")
                || IsWord(i, "returning"));
    }

    private readonly (bool HasRowLimit, bool HasOffset) FindLimits(int start, int end)
    {
        var hasRowLimit = false;
        var hasOffset = false;
        for (var i = start; i < end; i++)
        {
            if (_tokens[i].Kind != SqlTokenKind.Word || (i > 0 && _tokens[i - 1].Kind == SqlTokenKind.Dot))
            {
                continue;
            }

            if (IsWord(i, "limit") && IsLimitArgument(i + 1, end))
            {
                hasRowLimit = true;
                if (IsValueAt(i + 1, end) && i + 3 < end && _tokens[i + 2].Kind == SqlTokenKind.Comma && IsValueAt(i + 3, end))
                {
                    hasOffset = true;
                }
            }
            else if (IsWord(i, "offset") && IsLimitArgument(i + 1, end))
            {
                hasOffset = true;
            }
            else if (IsWord(i, "top") && i + 1 < end && (_tokens[i + 1].Kind == SqlTokenKind.LeftParen || IsValueAt(i + 1, end)))
            {
                hasRowLimit = true;
            }
            else if (IsWord(i, "fetch") && (IsWord(i + 1, "first") || IsWord(i + 1, "next")))
            {
                hasRowLimit = true;
            }
        }

        return (hasRowLimit, hasOffset);
    }

    private readonly bool IsLimitArgument(int i, int end) =>
        i < end && (_tokens[i].IsValue || _tokens[i].Kind == SqlTokenKind.LeftParen || IsName(i));

    private readonly List<string> CollectInsertColumns(int kindIndex, int end)
    {
        var columns = new List<string>();
        if (kindIndex < 0)
        {
            return columns;
        }

        var i = kindIndex + 1;
        var limit = Math.Min(end, kindIndex + 5);
        while (i < limit && !IsWord(i, "into"))
        {
            i++;
        }

        i = i < limit ? i + 1 : kindIndex + 1;
        if (!IsName(i))
        {
            return columns;
        }

        while (i + 2 < end && _tokens[i + 1].Kind == SqlTokenKind.Dot && IsNamePart(i + 2))
        {
            i += 2;
        }

        i++;
        if (IsWord(i, "as"))
        {
            i += 2;
        }

        if (i >= end || _tokens[i].Kind != SqlTokenKind.LeftParen)
        {
            return columns;
        }

        i++;
        while (i < end && TryColumn(i, out var column, out var next))
        {
            columns.Add(column.Column);
            if (next >= end || _tokens[next].Kind != SqlTokenKind.Comma)
            {
                break;
            }

            i = next + 1;
        }

        return columns;
    }

    /// <summary>Reads <c>[qualifier.]…name</c> not followed by <c>(</c>; the table is resolved through aliases.</summary>
    private readonly bool TryColumn(int i, out SqlColumn column, out int next)
    {
        column = default;
        next = i;
        if (!IsName(i) || (i > 0 && _tokens[i - 1].Kind == SqlTokenKind.Dot))
        {
            return false;
        }

        var last = i;
        while (last + 2 < _tokens.Length && _tokens[last + 1].Kind == SqlTokenKind.Dot && IsNamePart(last + 2))
        {
            last += 2;
        }

        next = last + 1;
        if (next < _tokens.Length && _tokens[next].Kind is SqlTokenKind.LeftParen or SqlTokenKind.Dot)
        {
            return false;
        }

        var table = last > i ? Resolve(Name(last - 2)) : _tables.Count == 1 ? _tables[0] : null;
        column = new SqlColumn(table, Name(last));
        return true;
    }

    private readonly string Resolve(string name) => _aliases.TryGetValue(name, out var table) ? table : name;

    private readonly bool IsValueAt(int i, int end) =>
        i < end && (_tokens[i].IsValue || IsWord(i, "true") || IsWord(i, "false"));

    private readonly bool IsAnyValue(int i, int end) =>
        (IsWord(i, "any") || IsWord(i, "some")) && i + 2 < end && _tokens[i + 1].Kind == SqlTokenKind.LeftParen && IsValueAt(i + 2, end);

    private readonly bool IsArithmetic(int i) =>
        i >= 0 && i < _tokens.Length && _tokens[i].Kind == SqlTokenKind.Operator
        && _tokens[i].Text(_sql) is "+" or "-" or "*" or "/" or "%" or "||" or "::";

    private readonly bool IsWord(int i, string word) =>
        i >= 0 && i < _tokens.Length && _tokens[i].Kind == SqlTokenKind.Word
        && _tokens[i].Text(_sql).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>A name that may stand alone: quoted, or a bare word that is not a keyword.</summary>
    private readonly bool IsName(int i) =>
        i >= 0 && i < _tokens.Length
        && (_tokens[i].Kind == SqlTokenKind.QuotedIdentifier
            || (_tokens[i].Kind == SqlTokenKind.Word && !SqlKeywords.IsReserved(_tokens[i].Text(_sql)) && _sql[_tokens[i].Start] != '@'));

    /// <summary>A name after a dot, where keywords are names too.</summary>
    private readonly bool IsNamePart(int i) =>
        i >= 0 && i < _tokens.Length && _tokens[i].Kind is SqlTokenKind.QuotedIdentifier or SqlTokenKind.Word;

    private readonly string Name(int i)
    {
        var token = _tokens[i];
        var name = token.Text(_sql).ToString();
        if (token.HasEscapes)
        {
            var quote = SqlNormalizer.ClosingQuote(_sql, token);
            name = name.Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);
        }

        return name;
    }

    private readonly int MatchParen(int open)
    {
        var depth = _tokens[open].Depth;
        for (var i = open + 1; i < _tokens.Length; i++)
        {
            if (_tokens[i].Kind == SqlTokenKind.RightParen && _tokens[i].Depth == depth)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Depth(SqlToken token) => Math.Min(token.Depth, MaxDepth - 2);

    private static void AddDistinct(List<SqlColumn> list, SqlColumn column)
    {
        foreach (var existing in list)
        {
            if (string.Equals(existing.Column, column.Column, StringComparison.OrdinalIgnoreCase)
                && string.Equals(existing.Table, column.Table, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        list.Add(column);
    }
}
