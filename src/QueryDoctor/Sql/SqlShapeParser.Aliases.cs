namespace QueryDoctor.Sql;

/// <summary>Table aliases of a statement, for readers of database output that names aliases (SQLite plans).</summary>
internal ref partial struct SqlShapeParser
{
    /// <summary>
    /// Maps each alias a statement gives a table (<c>FROM posts AS p</c>, <c>JOIN users u</c>, <c>UPDATE t AS a</c>) to
    /// the table's name as spelled, unquoted and without schema; aliases compare case-insensitively. Derived tables
    /// and CTEs are left out: their alias names a result, not a table.
    /// </summary>
    /// <param name="sql">The statement.</param>
    /// <returns>Alias to table; empty when the statement aliases no table.</returns>
    public static Dictionary<string, string> TableAliases(ReadOnlySpan<char> sql)
    {
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tokens = new TokenList(new SqlToken[64]);
        try
        {
            SqlLexer.Tokenize(sql, ref tokens);
            var parser = new SqlShapeParser(sql, tokens.Items, tokens.Keywords, new int[8 * ScratchPerList]);
            try
            {
                // Before derived aliases are resolved, the alias list holds only `table [AS] alias` pairs.
                parser.CollectTables();
                var names = new NameStrings(sql, tokens.Items);
                var pairs = parser._aliases.Items;
                for (var a = 0; a < pairs.Length; a += 2)
                {
                    if (!parser.NameEquals(pairs[a], pairs[a + 1]))
                    {
                        aliases.TryAdd(names.Get(pairs[a]), names.Get(pairs[a + 1]));
                    }
                }
            }
            finally
            {
                parser.Dispose();
            }
        }
        finally
        {
            tokens.Dispose();
        }

        return aliases;
    }
}
