namespace QueryDoctor.Sql;

/// <summary>
/// Reads what the detectors need from a token stream: statement kind, tables, aliases, WHERE
/// predicates on columns, top-level ORDER BY, row limits and INSERT columns. Heuristic by design:
/// it recognises the shapes ORMs and hand-written data access produce and degrades to "unknown"
/// (nulls, empty lists) on anything else, never throwing.
/// </summary>
/// <remarks>
/// Names are handled as token indices (compared case-insensitively against the text) and become
/// strings only in the result, once per distinct spelling, so a parse allocates little besides
/// its answer.
/// </remarks>
internal ref partial struct SqlShapeParser
{
    private const int MaxDepth = 64;
    private const int NoToken = -1;
    private const int ScratchPerList = 32;

    // Lists of names longer than this get a hash index: below it a scan is cheaper than hashing.
    private const int IndexFrom = 8;

    // Keywords that close a WHERE clause, indexed by SqlKeyword.
    private static readonly bool[] EndsWhereTable = CreateEndsWhereTable();

    // Per-thread backing for the eight lists (and the work counter): reused, so a parse neither zeroes stack nor rents.
    [ThreadStatic]
    private static int[]? t_scratch;

    [ThreadStatic]
    private static int t_lastWork;

    private readonly ReadOnlySpan<char> _sql;
    private readonly ReadOnlySpan<SqlToken> _tokens;
    private readonly UInt128 _keywords;

    // Token index of each registered table name (the last part of a qualified name).
    private IntList _registrations;

    // Triples: alias token, opening and closing parenthesis of a derived table or CTE body.
    private IntList _derived;

    // Pairs: alias token, target token. The first alias of a name wins.
    private IntList _aliases;

    // Token indices of the distinct tables.
    private IntList _tables;

    // Pairs: table token (or NoToken), column token.
    private IntList _equality;
    private IntList _range;

    // Triples: table token (or NoToken), column token, descending (0/1).
    private IntList _orderBy;

    private IntList _insertColumns;

    // Hash indexes over the name lists, built once a list outgrows IndexFrom (see NameIndex).
    private NameIndex _aliasIndex;
    private NameIndex _tableIndex;
    private NameIndex _equalityIndex;
    private NameIndex _rangeIndex;

    // The closing parenthesis of each opening one, filled on first need (rented, tokens.Length long).
    private int[]? _closeOf;

    // One slot: name comparisons, hash probes and parenthesis steps taken (see LastWork).
    private readonly Span<int> _work;

    private SqlShapeParser(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, UInt128 keywords, Span<int> scratch)
    {
        _sql = sql;
        _tokens = tokens;
        _keywords = keywords;
        _work = scratch[^1..];
        _work[0] = 0;
        scratch = scratch[..^1];
        var part = scratch.Length / 8;
        _registrations = new IntList(scratch[..part]);
        _derived = new IntList(scratch.Slice(part, part));
        _aliases = new IntList(scratch.Slice(2 * part, part));
        _tables = new IntList(scratch.Slice(3 * part, part));
        _equality = new IntList(scratch.Slice(4 * part, part));
        _range = new IntList(scratch.Slice(5 * part, part));
        _orderBy = new IntList(scratch.Slice(6 * part, part));
        _insertColumns = new IntList(scratch.Slice(7 * part, part));
    }

    /// <param name="sql">The statement text.</param>
    /// <param name="tokens">Its tokens.</param>
    /// <param name="keywords">One bit per <see cref="SqlKeyword"/> among the tokens (see <see cref="TokenList.Keywords"/>).</param>
    /// <param name="text">The normalised text.</param>
    /// <param name="hash">The hash of the normalised text.</param>
    public static SqlFingerprint Parse(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, UInt128 keywords, string text, ulong hash)
    {
        var parser = new SqlShapeParser(sql, tokens, keywords, t_scratch ??= new int[(8 * ScratchPerList) + 1]);
        try
        {
            return parser.Run(text, hash);
        }
        finally
        {
            t_lastWork = parser._work[0];
            parser.Dispose();
        }
    }

    /// <summary>
    /// The steps the last parse on this thread took beyond its passes over the tokens: name comparisons, hash
    /// probes and parenthesis scans. Lets tests prove the parse linear without timing it.
    /// </summary>
    internal static int LastWork => t_lastWork;

    public void Dispose()
    {
        _registrations.Dispose();
        _derived.Dispose();
        _aliases.Dispose();
        _tables.Dispose();
        _equality.Dispose();
        _range.Dispose();
        _orderBy.Dispose();
        _insertColumns.Dispose();
        _aliasIndex.Dispose();
        _tableIndex.Dispose();
        _equalityIndex.Dispose();
        _rangeIndex.Dispose();
        if (_closeOf is not null)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(_closeOf);
            _closeOf = null;
        }
    }

    private SqlFingerprint Run(string text, ulong hash)
    {
        var (start, end) = FindMainStatement();
        var (kind, kindIndex) = FindKind(start, end);
        CollectCommonTableExpressions(start, end);
        CollectTables();
        ResolveDerivedAliases();
        BuildTableList();

        var mainTable = FindMainTable(kind, kindIndex, end);
        if (Has(SqlKeyword.Where))
        {
            CollectPredicates(start, end);
        }

        if (Has(SqlKeyword.Order))
        {
            CollectOrderBy(kindIndex, end);
        }

        var (hasRowLimit, hasOffset) = Has(SqlKeyword.Limit) || Has(SqlKeyword.Offset) || Has(SqlKeyword.Top) || Has(SqlKeyword.Fetch)
            ? FindLimits(start, end)
            : (false, false);
        if (kind == SqlStatementKind.Insert)
        {
            CollectInsertColumns(kindIndex, end);
        }

        var names = new NameStrings(_sql, _tokens);
        return new SqlFingerprint(
            text,
            hash,
            kind,
            mainTable == NoToken ? null : names.Get(mainTable),
            names.All(_tables.Items),
            names.Columns(_equality.Items),
            names.Columns(_range.Items),
            names.OrderColumns(_orderBy.Items),
            hasRowLimit,
            hasOffset,
            names.All(_insertColumns.Items));
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
                if (!IsWord(start, SqlKeyword.Set))
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
        if (kind != SqlStatementKind.Other || !IsWord(i, SqlKeyword.With))
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

    private readonly SqlStatementKind KindOf(int i) => Keyword(i) switch
    {
        SqlKeyword.Select => SqlStatementKind.Select,
        SqlKeyword.Insert or SqlKeyword.Replace => SqlStatementKind.Insert,
        SqlKeyword.Update => SqlStatementKind.Update,
        SqlKeyword.Delete => SqlStatementKind.Delete,
        _ => SqlStatementKind.Other,
    };

    private void CollectCommonTableExpressions(int start, int end)
    {
        var i = start;
        while (i < end && _tokens[i].Kind == SqlTokenKind.LeftParen)
        {
            i++;
        }

        if (!IsWord(i, SqlKeyword.With))
        {
            return;
        }

        i++;
        if (IsWord(i, SqlKeyword.Recursive))
        {
            i++;
        }

        while (i < end && IsName(i))
        {
            var name = i;
            i++;
            if (i < end && _tokens[i].Kind == SqlTokenKind.LeftParen)
            {
                i = MatchParen(i) + 1;
                if (i <= 0)
                {
                    return;
                }
            }

            if (!IsWord(i, SqlKeyword.As))
            {
                return;
            }

            i++;
            while (IsWord(i, SqlKeyword.Not) || IsWord(i, SqlKeyword.Materialized))
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

            AddDerived(name, i, close);
            i = close + 1;
            if (i >= end || _tokens[i].Kind != SqlTokenKind.Comma)
            {
                return;
            }

            i++;
        }
    }

    private void CollectTables()
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

            if (token.Keyword == SqlKeyword.None)
            {
                continue;
            }

            switch (token.Keyword)
            {
                case SqlKeyword.Select or SqlKeyword.Insert or SqlKeyword.Delete or SqlKeyword.With or SqlKeyword.Replace:
                    query[depth] = true;
                    break;
            }

            switch (token.Keyword)
            {
                case SqlKeyword.From:
                    if (query[depth] && !IsWord(i - 1, SqlKeyword.Distinct))
                    {
                        ParseTableList(i + 1);
                    }

                    break;
                case SqlKeyword.Join or SqlKeyword.StraightJoin:
                    ParseTableRef(i + 1, columnListFollows: false);
                    break;
                case SqlKeyword.Into:
                    ParseTableRef(i + 1, columnListFollows: true);
                    break;
                case SqlKeyword.Update:
                    query[depth] = true;
                    if (!IsWord(i - 1, SqlKeyword.Do) && !IsWord(i - 1, SqlKeyword.Key) && !IsWord(i - 1, SqlKeyword.For)
                        && !IsWord(i + 1, SqlKeyword.Set))
                    {
                        ParseTableRef(i + 1, columnListFollows: false);
                    }

                    break;
                case SqlKeyword.Delete when !IsWord(i + 1, SqlKeyword.From):
                case SqlKeyword.Using:
                    if (IsName(i + 1))
                    {
                        ParseTableRef(i + 1, columnListFollows: false);
                    }

                    break;
            }
        }
    }

    private void ParseTableList(int i)
    {
        var depth = i > 0 ? _tokens[i - 1].Depth : 0;
        var next = ParseTableRef(i, columnListFollows: false);
        while (next > 0 && next < _tokens.Length && _tokens[next].Kind == SqlTokenKind.Comma && _tokens[next].Depth == depth)
        {
            next = ParseTableRef(next + 1, columnListFollows: false);
        }
    }

    /// <summary>Reads <c>name [AS alias]</c> or <c>(subquery) [AS alias]</c>; returns the index after it, or -1.</summary>
    private int ParseTableRef(int i, bool columnListFollows)
    {
        while (IsWord(i, SqlKeyword.Only) || IsWord(i, SqlKeyword.Lateral))
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
            if (derivedAlias != NoToken)
            {
                AddDerived(derivedAlias, i, close);
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

        _registrations.Add(last);
        var alias = ReadAlias(ref next);
        if (alias != NoToken)
        {
            AddAlias(alias, last);
        }

        return next;
    }

    private readonly int ReadAlias(ref int i)
    {
        if (IsWord(i, SqlKeyword.As))
        {
            if (IsNamePart(i + 1))
            {
                i += 2;
                return i - 1;
            }

            return NoToken;
        }

        if (IsName(i))
        {
            i++;
            return i - 1;
        }

        return NoToken;
    }

    private void AddDerived(int alias, int open, int close)
    {
        _derived.Add(alias);
        _derived.Add(open);
        _derived.Add(close);
    }

    private void AddAlias(int alias, int target)
    {
        if (FindAlias(alias) == NoToken)
        {
            _aliases.Add(alias);
            _aliases.Add(target);
            Indexed(ref _aliasIndex, _aliases.Items, stride: 2, key: 0);
        }
    }

    /// <summary>The target of the alias spelled like <paramref name="name"/>, or <see cref="NoToken"/>.</summary>
    private readonly int FindAlias(int name)
    {
        var aliases = _aliases.Items;
        if (_aliasIndex.IsBuilt)
        {
            var slot = NameHash(name);
            for (var e = _aliasIndex.First(ref slot); e >= 0; e = _aliasIndex.Next(ref slot))
            {
                if (NameEquals(aliases[2 * e], name))
                {
                    return aliases[(2 * e) + 1];
                }
            }

            return NoToken;
        }

        for (var a = 0; a < aliases.Length; a += 2)
        {
            if (NameEquals(aliases[a], name))
            {
                return aliases[a + 1];
            }
        }

        return NoToken;
    }

    /// <summary>
    /// Keeps <paramref name="index"/> in step with a list that just grew by one entry: builds it once the list
    /// outgrows <see cref="IndexFrom"/>, rebuilds it larger when half full, else adds the entry.
    /// </summary>
    private readonly void Indexed(ref NameIndex index, ReadOnlySpan<int> items, int stride, int key)
    {
        var count = items.Length / stride;
        if (!index.IsBuilt && count <= IndexFrom)
        {
            return;
        }

        if (!index.IsBuilt || 2 * count > index.Capacity)
        {
            index.Reset(4 * count);
            for (var e = 0; e < count; e++)
            {
                index.Insert(NameHash(items[(e * stride) + key]), e);
                _work[0]++;
            }

            return;
        }

        index.Insert(NameHash(items[((count - 1) * stride) + key]), count - 1);
    }

    /// <summary>A hash of a name token consistent with <see cref="NameEquals"/> (case-insensitive, escapes undone).</summary>
    private readonly int NameHash(int token)
    {
        var source = _tokens[token];
        return source.HasEscapes
            ? string.GetHashCode(Name(_sql, source), StringComparison.OrdinalIgnoreCase)
            : string.GetHashCode(source.Text(_sql), StringComparison.OrdinalIgnoreCase);
    }

    private void ResolveDerivedAliases()
    {
        // Registrations arrive nearly in token order, but not always (a FROM list is read ahead of the
        // subqueries inside it): sort them, so the first table inside a derived table is a binary search away.
        _registrations.Items.Sort();

        for (var d = 0; d < _derived.Count; d += 3)
        {
            var alias = _derived[d];
            var open = _derived[d + 1];
            var close = _derived[d + 2];
            var registrations = _registrations.Items;
            var first = FirstAfter(registrations, open);
            if (first < registrations.Length && registrations[first] < close)
            {
                var index = registrations[first];
                if (!NameEquals(alias, index))
                {
                    AddAlias(alias, Resolve(index));
                }
            }
        }
    }

    /// <summary>The position of the first item greater than <paramref name="value"/> in a sorted list.</summary>
    private readonly int FirstAfter(ReadOnlySpan<int> sorted, int value)
    {
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            _work[0]++;
            var middle = (low + high) >>> 1;
            if (sorted[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void BuildTableList()
    {
        foreach (var name in _registrations.Items)
        {
            var target = FindAlias(name);
            if (target != NoToken && !NameEquals(target, name))
            {
                continue;
            }

            if (!ContainsTable(name))
            {
                _tables.Add(name);
                Indexed(ref _tableIndex, _tables.Items, stride: 1, key: 0);
            }
        }
    }

    private readonly bool ContainsTable(int name)
    {
        var tables = _tables.Items;
        if (_tableIndex.IsBuilt)
        {
            var slot = NameHash(name);
            for (var e = _tableIndex.First(ref slot); e >= 0; e = _tableIndex.Next(ref slot))
            {
                if (NameEquals(tables[e], name))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var table in tables)
        {
            if (NameEquals(table, name))
            {
                return true;
            }
        }

        return false;
    }

    private readonly int FindMainTable(SqlStatementKind kind, int kindIndex, int end)
    {
        if (kindIndex < 0 || kind == SqlStatementKind.Other)
        {
            return NoToken;
        }

        var after = kindIndex;
        if (kind == SqlStatementKind.Select)
        {
            var depth = _tokens[kindIndex].Depth;
            after = -1;
            for (var i = kindIndex + 1; i < end; i++)
            {
                if (_tokens[i].Depth == depth && IsWord(i, SqlKeyword.From))
                {
                    after = i;
                    break;
                }
            }

            // SELECT EXISTS (SELECT 1 FROM t …) and SELECT (SELECT COUNT(*) FROM t …): no FROM of its own, the
            // statement is about the table its first subquery reads.
            for (var i = kindIndex + 1; after < 0 && i < end; i++)
            {
                if (_tokens[i].Depth > depth && IsWord(i, SqlKeyword.From))
                {
                    after = i;
                }
            }

            if (after < 0)
            {
                return NoToken;
            }
        }

        foreach (var index in _registrations.Items)
        {
            if (index > after && index < end)
            {
                return Resolve(index);
            }
        }

        return NoToken;
    }

    private void CollectPredicates(int start, int end)
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

            if (token.Keyword == SqlKeyword.Where)
            {
                where[depth] = true;
                continue;
            }

            if (EndsWhere(token.Keyword))
            {
                where[depth] = false;
                continue;
            }

            if (where[depth])
            {
                MatchPredicate(i, end);
            }
        }
    }

    private static bool EndsWhere(SqlKeyword keyword) => EndsWhereTable[(int)keyword];

    private static bool[] CreateEndsWhereTable()
    {
        var table = new bool[256];
        foreach (var keyword in (ReadOnlySpan<SqlKeyword>)[SqlKeyword.Select, SqlKeyword.Group, SqlKeyword.Order,
            SqlKeyword.Having, SqlKeyword.Limit, SqlKeyword.Offset, SqlKeyword.Fetch, SqlKeyword.Union, SqlKeyword.Except,
            SqlKeyword.Intersect, SqlKeyword.Returning, SqlKeyword.Window, SqlKeyword.For])
        {
            table[(int)keyword] = true;
        }

        return table;
    }

    private void MatchPredicate(int i, int end)
    {
        if (TryColumn(i, out var table, out var column, out var next) && next < end && !IsArithmetic(i - 1))
        {
            var op = _tokens[next];
            if (op.Kind == SqlTokenKind.Operator)
            {
                var text = op.Text(_sql);
                if (text is "=" or "==" && (IsValueAt(next + 1, end) || IsAnyValue(next + 1, end)))
                {
                    AddDistinct(ref _equality, ref _equalityIndex, table, column);
                }
                else if (text is "<" or ">" or "<=" or ">=" && IsValueAt(next + 1, end))
                {
                    AddDistinct(ref _range, ref _rangeIndex, table, column);
                }
            }
            else if (IsWord(next, SqlKeyword.In) && next + 2 < end && _tokens[next + 1].Kind == SqlTokenKind.LeftParen
                && IsValueAt(next + 2, end))
            {
                AddDistinct(ref _equality, ref _equalityIndex, table, column);
            }
            else if (IsWord(next, SqlKeyword.Between) && IsValueAt(next + 1, end))
            {
                AddDistinct(ref _range, ref _rangeIndex, table, column);
            }

            return;
        }

        if (IsValueAt(i, end) && i + 2 < end && _tokens[i + 1].Kind == SqlTokenKind.Operator && !IsArithmetic(i - 1)
            && TryColumn(i + 2, out table, out column, out var after) && (after >= end || !IsArithmetic(after)))
        {
            var text = _tokens[i + 1].Text(_sql);
            if (text is "=" or "==")
            {
                AddDistinct(ref _equality, ref _equalityIndex, table, column);
            }
            else if (text is "<" or ">" or "<=" or ">=")
            {
                AddDistinct(ref _range, ref _rangeIndex, table, column);
            }
        }
    }

    private void CollectOrderBy(int kindIndex, int end)
    {
        if (kindIndex < 0)
        {
            return;
        }

        var depth = _tokens[kindIndex].Depth;
        var i = kindIndex + 1;
        while (i < end && !(_tokens[i].Depth == depth && IsWord(i, SqlKeyword.Order) && IsWord(i + 1, SqlKeyword.By)))
        {
            i++;
        }

        i += 2;
        while (i < end)
        {
            if (_tokens[i].Depth == depth && TryColumn(i, out var table, out var column, out var next))
            {
                var descending = false;
                if (IsWord(next, SqlKeyword.Collate))
                {
                    next += 2;
                }

                if (IsWord(next, SqlKeyword.Asc))
                {
                    next++;
                }
                else if (IsWord(next, SqlKeyword.Desc))
                {
                    descending = true;
                    next++;
                }

                if (IsWord(next, SqlKeyword.Nulls))
                {
                    next += 2;
                }

                if (next >= end || EndsOrderTerm(next, depth))
                {
                    _orderBy.Add(table);
                    _orderBy.Add(column);
                    _orderBy.Add(descending ? 1 : 0);
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
    }

    private readonly bool EndsOrderTerm(int i, int depth)
    {
        var token = _tokens[i];
        if (token.Depth < depth || token.Kind == SqlTokenKind.Semicolon)
        {
            return true;
        }

        return token.Depth == depth
            && (token.Kind == SqlTokenKind.Comma
                || token.Keyword is SqlKeyword.Limit or SqlKeyword.Offset or SqlKeyword.Fetch or SqlKeyword.For
                    or SqlKeyword.Union or SqlKeyword.Except or SqlKeyword.Intersect or SqlKeyword.Returning);
    }

    private readonly (bool HasRowLimit, bool HasOffset) FindLimits(int start, int end)
    {
        var hasRowLimit = false;
        var hasOffset = false;
        for (var i = start; i < end; i++)
        {
            var keyword = _tokens[i].Keyword;
            if (keyword == SqlKeyword.None || (i > 0 && _tokens[i - 1].Kind == SqlTokenKind.Dot))
            {
                continue;
            }

            switch (keyword)
            {
                case SqlKeyword.Limit when IsLimitArgument(i + 1, end):
                    hasRowLimit = true;
                    if (IsValueAt(i + 1, end) && i + 3 < end && _tokens[i + 2].Kind == SqlTokenKind.Comma && IsValueAt(i + 3, end))
                    {
                        hasOffset = true;
                    }

                    break;
                case SqlKeyword.Offset when IsLimitArgument(i + 1, end):
                    hasOffset = true;
                    break;
                case SqlKeyword.Top when i + 1 < end && (_tokens[i + 1].Kind == SqlTokenKind.LeftParen || IsValueAt(i + 1, end)):
                    hasRowLimit = true;
                    break;
                case SqlKeyword.Fetch when IsWord(i + 1, SqlKeyword.First) || IsWord(i + 1, SqlKeyword.Next):
                    hasRowLimit = true;
                    break;
            }
        }

        return (hasRowLimit, hasOffset);
    }

    private readonly bool IsLimitArgument(int i, int end) =>
        i < end && (_tokens[i].IsValue || _tokens[i].Kind == SqlTokenKind.LeftParen || IsName(i));

    private void CollectInsertColumns(int kindIndex, int end)
    {
        if (kindIndex < 0)
        {
            return;
        }

        var i = kindIndex + 1;
        var limit = Math.Min(end, kindIndex + 5);
        while (i < limit && !IsWord(i, SqlKeyword.Into))
        {
            i++;
        }

        i = i < limit ? i + 1 : kindIndex + 1;
        if (!IsName(i))
        {
            return;
        }

        while (i + 2 < end && _tokens[i + 1].Kind == SqlTokenKind.Dot && IsNamePart(i + 2))
        {
            i += 2;
        }

        i++;
        if (IsWord(i, SqlKeyword.As))
        {
            i += 2;
        }

        if (i >= end || _tokens[i].Kind != SqlTokenKind.LeftParen)
        {
            return;
        }

        i++;
        while (i < end && TryColumn(i, out _, out var column, out var next))
        {
            _insertColumns.Add(column);
            if (next >= end || _tokens[next].Kind != SqlTokenKind.Comma)
            {
                break;
            }

            i = next + 1;
        }
    }

    /// <summary>
    /// Reads <c>[qualifier.]…name</c> not followed by <c>(</c>: the column's token, and its table's token
    /// resolved through aliases (<see cref="NoToken"/> when unknown).
    /// </summary>
    private readonly bool TryColumn(int i, out int table, out int column, out int next)
    {
        table = NoToken;
        column = NoToken;
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

        table = last > i ? Resolve(last - 2) : _tables.Count == 1 ? _tables[0] : NoToken;
        column = last;
        return true;
    }

    private readonly int Resolve(int name)
    {
        var target = FindAlias(name);
        return target == NoToken ? name : target;
    }

    private readonly bool IsValueAt(int i, int end) =>
        i < end && (_tokens[i].IsValue || _tokens[i].Keyword is SqlKeyword.True or SqlKeyword.False);

    private readonly bool IsAnyValue(int i, int end) =>
        (IsWord(i, SqlKeyword.Any) || IsWord(i, SqlKeyword.Some)) && i + 2 < end && _tokens[i + 1].Kind == SqlTokenKind.LeftParen
        && IsValueAt(i + 2, end);

    private readonly bool IsArithmetic(int i) =>
        i >= 0 && i < _tokens.Length && _tokens[i].Kind == SqlTokenKind.Operator
        && _tokens[i].Text(_sql) is "+" or "-" or "*" or "/" or "%" or "||" or "::";

    private readonly bool Has(SqlKeyword keyword) => (_keywords & (UInt128.One << (int)keyword)) != UInt128.Zero;

    private readonly SqlKeyword Keyword(int i) => i >= 0 && i < _tokens.Length ? _tokens[i].Keyword : SqlKeyword.None;

    private readonly bool IsWord(int i, SqlKeyword keyword) => i >= 0 && i < _tokens.Length && _tokens[i].Keyword == keyword;

    /// <summary>A name that may stand alone: quoted, or a bare word that is not a keyword.</summary>
    private readonly bool IsName(int i) =>
        i >= 0 && i < _tokens.Length
        && (_tokens[i].Kind == SqlTokenKind.QuotedIdentifier
            || (_tokens[i].Kind == SqlTokenKind.Word && !SqlKeywords.IsReserved(_tokens[i].Keyword) && _sql[_tokens[i].Start] != '@'));

    /// <summary>A name after a dot, where keywords are names too.</summary>
    private readonly bool IsNamePart(int i) =>
        i >= 0 && i < _tokens.Length && _tokens[i].Kind is SqlTokenKind.QuotedIdentifier or SqlTokenKind.Word;

    /// <summary>Whether two name tokens spell the same name, ignoring case (and quote escapes).</summary>
    private readonly bool NameEquals(int a, int b)
    {
        _work[0]++;
        if (a == b)
        {
            return true;
        }

        var first = _tokens[a];
        var second = _tokens[b];
        if (!first.HasEscapes && !second.HasEscapes)
        {
            return first.Text(_sql).Equals(second.Text(_sql), StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(Name(_sql, first), Name(_sql, second), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The closing parenthesis of the one at <paramref name="open"/>, or -1: the first <c>)</c> after it at its
    /// depth. All pairs are matched in one pass on first need, so nested subqueries cost no rescans.
    /// </summary>
    private int MatchParen(int open)
    {
        if (_closeOf is null)
        {
            _closeOf = System.Buffers.ArrayPool<int>.Shared.Rent(_tokens.Length);
            var stack = new IntList(stackalloc int[32]);
            try
            {
                for (var i = 0; i < _tokens.Length; i++)
                {
                    _work[0]++;
                    var kind = _tokens[i].Kind;
                    if (kind == SqlTokenKind.LeftParen)
                    {
                        _closeOf[i] = -1;
                        stack.Add(i);
                    }
                    else if (kind == SqlTokenKind.RightParen && stack.Count > 0)
                    {
                        _closeOf[stack.Pop()] = i;
                    }
                }
            }
            finally
            {
                stack.Dispose();
            }
        }

        return _closeOf[open];
    }

    private static int Depth(SqlToken token) => Math.Min(token.Depth, MaxDepth - 2);

    private readonly void AddDistinct(ref IntList list, ref NameIndex index, int table, int column)
    {
        var items = list.Items;
        if (index.IsBuilt)
        {
            var slot = NameHash(column);
            for (var e = index.First(ref slot); e >= 0; e = index.Next(ref slot))
            {
                if (SameColumn(items[2 * e], items[(2 * e) + 1], table, column))
                {
                    return;
                }
            }
        }
        else
        {
            for (var n = 0; n < items.Length; n += 2)
            {
                if (SameColumn(items[n], items[n + 1], table, column))
                {
                    return;
                }
            }
        }

        list.Add(table);
        list.Add(column);
        Indexed(ref index, list.Items, stride: 2, key: 1);
    }

    private readonly bool SameColumn(int existingTable, int existingColumn, int table, int column) =>
        NameEquals(existingColumn, column)
        && (existingTable == table || (existingTable != NoToken && table != NoToken && NameEquals(existingTable, table)));

    private static string Name(ReadOnlySpan<char> sql, SqlToken token)
    {
        var name = token.Text(sql).ToString();
        if (token.HasEscapes)
        {
            var quote = SqlNormalizer.ClosingQuote(sql, token);
            name = name.Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);
        }

        return name;
    }

    /// <summary>Turns name tokens into strings, one instance per distinct spelling (among the first 16).</summary>
    private ref struct NameStrings
    {
        private readonly ReadOnlySpan<char> _sql;
        private readonly ReadOnlySpan<SqlToken> _tokens;
        private Made _made;
        private int _count;

        public NameStrings(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens)
        {
            _sql = sql;
            _tokens = tokens;
            _made = default;
            _count = 0;
        }

        public string Get(int token)
        {
            var source = _tokens[token];
            if (!source.HasEscapes)
            {
                var text = source.Text(_sql);
                for (var n = 0; n < _count; n++)
                {
                    if (text.SequenceEqual(_made[n]))
                    {
                        return _made[n]!;
                    }
                }
            }

            var name = Name(_sql, source);
            if (_count < Made.Length)
            {
                _made[_count++] = name;
            }

            return name;
        }

        public string[] All(ReadOnlySpan<int> tokens)
        {
            if (tokens.IsEmpty)
            {
                return [];
            }

            var result = new string[tokens.Length];
            for (var n = 0; n < tokens.Length; n++)
            {
                result[n] = Get(tokens[n]);
            }

            return result;
        }

        public SqlColumn[] Columns(ReadOnlySpan<int> pairs)
        {
            if (pairs.IsEmpty)
            {
                return [];
            }

            var result = new SqlColumn[pairs.Length / 2];
            for (var n = 0; n < result.Length; n++)
            {
                result[n] = Column(pairs[2 * n], pairs[(2 * n) + 1]);
            }

            return result;
        }

        public SqlOrderColumn[] OrderColumns(ReadOnlySpan<int> triples)
        {
            if (triples.IsEmpty)
            {
                return [];
            }

            var result = new SqlOrderColumn[triples.Length / 3];
            for (var n = 0; n < result.Length; n++)
            {
                result[n] = new SqlOrderColumn(Column(triples[3 * n], triples[(3 * n) + 1]), triples[(3 * n) + 2] != 0);
            }

            return result;
        }

        private SqlColumn Column(int table, int column) => new(table == NoToken ? null : Get(table), Get(column));
    }

    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct Made
    {
        public const int Length = 16;

        private string? _first;
    }
}
