using System.Globalization;
using System.Text;

namespace QueryDoctor.Sql;

/// <summary>
/// Replaces the inlined literal values of a statement (strings, numbers, blobs, dollar-quoted strings) with
/// placeholders, keeping everything else exactly as written: layout, comments, identifier quoting and case,
/// parameter markers. The result has the same fingerprint as the original (values and parameters fingerprint
/// alike) and can still be explained: <c>?</c> is a positional parameter for SQLite, SQL Server and MySQL; on
/// PostgreSQL <c>?</c> is an operator, so there the literals become <c>$n</c>, numbered after the highest
/// <c>$n</c> the text already uses (as <c>pg_stat_statements</c> writes them).
/// </summary>
internal static class SqlLiteralMask
{
    /// <summary>The text with every literal value replaced; <paramref name="sql"/> itself when it has none.</summary>
    /// <param name="sql">The statement as executed.</param>
    /// <param name="dollarPlaceholders">Write <c>$n</c> (PostgreSQL) rather than <c>?</c>.</param>
    public static string Apply(string sql, bool dollarPlaceholders)
    {
        var tokens = new TokenList(new SqlToken[64]);
        try
        {
            SqlLexer.Tokenize(sql, ref tokens);
            var items = tokens.Items;
            var next = 1;
            var any = false;
            foreach (var token in items)
            {
                if (token.Kind is SqlTokenKind.String or SqlTokenKind.Number)
                {
                    any = true;
                }
                else if (dollarPlaceholders && token.Kind == SqlTokenKind.Parameter && token.Length > 1 && sql[token.Start] == '$'
                    && int.TryParse(sql.AsSpan(token.Start + 1, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
                    && ordinal >= next)
                {
                    next = ordinal + 1;
                }
            }

            if (!any)
            {
                return sql;
            }

            var text = new StringBuilder(sql.Length);
            var at = 0;
            foreach (var token in items)
            {
                if (token.Kind is not (SqlTokenKind.String or SqlTokenKind.Number))
                {
                    continue;
                }

                text.Append(sql, at, token.Start - at);
                if (dollarPlaceholders)
                {
                    text.Append('$').Append(next++.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append('?');
                }

                at = token.Start + token.Length;
            }

            return text.Append(sql, at, sql.Length - at).ToString();
        }
        finally
        {
            tokens.Dispose();
        }
    }
}
