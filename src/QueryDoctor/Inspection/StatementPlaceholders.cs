using System.Text;
using QueryDoctor.Sql;

namespace QueryDoctor.Inspection;

/// <summary>
/// Finds parameter placeholders (<c>@name</c>, <c>:name</c>, <c>$name</c>, <c>$1</c>, <c>?</c>, <c>?1</c>)
/// outside string literals, quoted identifiers and comments (from <see cref="SqlLexer"/>'s tokens, so strings,
/// dollar quotes, E'…' escapes and nested comments are read as everywhere else), and refuses batches of several statements:
/// EXPLAIN must only ever see one statement so nothing else can run.
/// </summary>
internal static class StatementPlaceholders
{
    /// <summary>One placeholder: where it is, as written, and which parameter it refers to.</summary>
    internal readonly record struct Placeholder(int Start, int Length, string Text, int Ordinal);

    /// <summary>Scans a statement with <see cref="SqlLexer"/>: its parameter tokens, filtered to the dialect's placeholders.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="postgres">PostgreSQL syntax: only <c>$1</c> and <c>@name</c> placeholders (<c>?</c> and <c>:name</c> are operators or casts there).</param>
    /// <returns>The placeholders in text order.</returns>
    /// <exception cref="ArgumentException">The text is empty or holds more than one statement.</exception>
    public static IReadOnlyList<Placeholder> Scan(string sql, bool postgres)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new ArgumentException("the statement is empty", nameof(sql));
        }

        var tokens = new TokenList(new SqlToken[64]);
        try
        {
            SqlLexer.Tokenize(sql, ref tokens);
            var found = new List<Placeholder>();
            var positional = 0;
            var ended = false;
            foreach (var token in tokens.Items)
            {
                if (token.Kind == SqlTokenKind.Semicolon)
                {
                    ended = true;
                    continue;
                }

                if (ended)
                {
                    throw new ArgumentException("only one statement can be explained; the text holds several", nameof(sql));
                }

                if (token.Kind == SqlTokenKind.Parameter && IsPlaceholder(sql, token, postgres))
                {
                    var text = sql.Substring(token.Start, token.Length);
                    var ordinal = text == "?" ? positional++ : OrdinalOf(text);
                    found.Add(new Placeholder(token.Start, token.Length, text, ordinal));
                }
            }

            return found;
        }
        finally
        {
            tokens.Dispose();
        }
    }

    /// <summary>
    /// Splits a batch (an EF Core <c>SaveChanges</c> on PostgreSQL sends one command of several statements) into
    /// its statements, at <see cref="SqlLexer"/>'s semicolon tokens (so semicolons inside literals, quoted names,
    /// dollar quotes and comments are not boundaries). A single statement comes back alone; parts holding only
    /// comments or white space are dropped.
    /// </summary>
    /// <param name="sql">The command text.</param>
    /// <returns>The non-empty statements, without their semicolons, in order.</returns>
    public static IReadOnlyList<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var tokens = new TokenList(new SqlToken[64]);
        try
        {
            SqlLexer.Tokenize(sql, ref tokens);
            var start = 0;
            var hasCode = false;
            foreach (var token in tokens.Items)
            {
                if (token.Kind != SqlTokenKind.Semicolon)
                {
                    hasCode = true;
                    continue;
                }

                if (hasCode)
                {
                    statements.Add(sql[start..token.Start].Trim());
                }

                start = token.Start + token.Length;
                hasCode = false;
            }

            if (hasCode)
            {
                statements.Add(sql[start..].Trim());
            }

            return statements;
        }
        finally
        {
            tokens.Dispose();
        }
    }

    /// <summary>Replaces each placeholder with the text the callback returns.</summary>
    public static string Replace(string sql, IReadOnlyList<Placeholder> placeholders, Func<Placeholder, string> replacement)
    {
        var builder = new StringBuilder(sql.Length + (placeholders.Count * 8));
        var at = 0;
        foreach (var placeholder in placeholders)
        {
            builder.Append(sql, at, placeholder.Start - at).Append(replacement(placeholder));
            at = placeholder.Start + placeholder.Length;
        }

        return builder.Append(sql, at, sql.Length - at).ToString();
    }

    /// <summary>The statement without trailing semicolons and whitespace, so EXPLAIN can be put in front of it.</summary>
    public static string TrimEnd(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    /// <summary>Finds the value of a placeholder: by name (ignoring the prefix character), else by position.</summary>
    /// <returns><see langword="true"/> with the value when it is known.</returns>
    public static bool TryGetValue(Placeholder placeholder, IReadOnlyList<QueryParameter>? parameters, out object? value)
    {
        value = null;
        if (parameters is null || parameters.Count == 0)
        {
            return false;
        }

        var name = placeholder.Text.TrimStart('@', ':', '$', '?');
        foreach (var parameter in parameters)
        {
            if (parameter.Name is { } parameterName
                && string.Equals(parameterName.TrimStart('@', ':', '$', '?'), name, StringComparison.OrdinalIgnoreCase))
            {
                value = parameter.Value;
                return true;
            }
        }

        if (placeholder.Ordinal >= 0 && placeholder.Ordinal < parameters.Count && parameters[placeholder.Ordinal].Name is null)
        {
            value = parameters[placeholder.Ordinal].Value;
            return true;
        }

        return false;
    }

    /// <summary>Whether a parameter token is a placeholder of the dialect (the lexer knows every dialect's).</summary>
    private static bool IsPlaceholder(string sql, SqlToken token, bool postgres)
    {
        // email@host, a1:b: glued to a name, not a placeholder.
        if (token.Start > 0 && (char.IsLetterOrDigit(sql[token.Start - 1]) || sql[token.Start - 1] == '_'))
        {
            return false;
        }

        var next = token.Length > 1 ? sql[token.Start + 1] : '\0';
        return sql[token.Start] switch
        {
            '?' => !postgres,
            ':' => !postgres && (char.IsLetter(next) || next == '_'),
            '$' => postgres ? char.IsAsciiDigit(next) : char.IsLetterOrDigit(next) || next == '_',
            _ => char.IsLetter(next) || next == '_',
        };
    }

    private static int OrdinalOf(string text)
    {
        var digits = text.AsSpan(1);
        return digits.Length > 0 && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n - 1
            : -1;
    }
}
