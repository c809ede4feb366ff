using System.Text;

namespace QueryDoctor.Inspection;

/// <summary>
/// Finds parameter placeholders (<c>@name</c>, <c>:name</c>, <c>$name</c>, <c>$1</c>, <c>?</c>, <c>?1</c>)
/// outside string literals, quoted identifiers and comments, and refuses batches of several statements:
/// EXPLAIN must only ever see one statement so nothing else can run.
/// </summary>
internal static class StatementPlaceholders
{
    /// <summary>One placeholder: where it is, as written, and which parameter it refers to.</summary>
    internal readonly record struct Placeholder(int Start, int Length, string Text, int Ordinal);

    /// <summary>Scans a statement.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="postgres">PostgreSQL syntax: dollar quoting, no <c>?</c> or <c>:name</c> placeholders.</param>
    /// <returns>The placeholders in text order.</returns>
    /// <exception cref="ArgumentException">The text is empty or holds more than one statement.</exception>
    public static IReadOnlyList<Placeholder> Scan(string sql, bool postgres)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new ArgumentException("the statement is empty", nameof(sql));
        }

        var found = new List<Placeholder>();
        var positional = 0;
        var i = 0;
        var endedAt = -1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (endedAt >= 0 && !char.IsWhiteSpace(c) && c != ';' && !(c == '-' && Peek(sql, i + 1) == '-') && !(c == '/' && Peek(sql, i + 1) == '*'))
            {
                throw new ArgumentException("only one statement can be explained; the text holds several", nameof(sql));
            }

            switch (c)
            {
                case '\'':
                    i = SkipQuoted(sql, i, '\'');
                    continue;
                case '"':
                    i = SkipQuoted(sql, i, '"');
                    continue;
                case '`' when !postgres:
                    i = SkipQuoted(sql, i, '`');
                    continue;
                case '[' when !postgres:
                    i = SkipQuoted(sql, i, ']');
                    continue;
                case '-' when Peek(sql, i + 1) == '-':
                    var newline = sql.IndexOf('\n', i);
                    i = newline < 0 ? sql.Length : newline + 1;
                    continue;
                case '/' when Peek(sql, i + 1) == '*':
                    var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? sql.Length : close + 2;
                    continue;
                case ';':
                    endedAt = i;
                    i++;
                    continue;
                case '$' when postgres && !char.IsAsciiDigit(Peek(sql, i + 1)) && DollarTag(sql, i) is { } tag:
                    var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + tag.Length;
                    continue;
                case '@' or '$' or ':' or '?' when IsPlaceholderStart(sql, i, postgres):
                    var length = 1;
                    while (i + length < sql.Length && (char.IsLetterOrDigit(sql[i + length]) || sql[i + length] == '_'))
                    {
                        length++;
                    }

                    var text = sql.Substring(i, length);
                    var ordinal = c == '?' && length == 1 ? positional++ : OrdinalOf(text);
                    found.Add(new Placeholder(i, length, text, ordinal));
                    i += length;
                    continue;
                default:
                    i++;
                    continue;
            }
        }

        return found;
    }

    /// <summary>
    /// Splits a batch (an EF Core <c>SaveChanges</c> on PostgreSQL sends one command of several statements) into
    /// its statements, at semicolons outside literals, quoted names and comments. A single statement comes back alone.
    /// </summary>
    /// <param name="sql">The command text.</param>
    /// <param name="postgres">PostgreSQL syntax (dollar quoting).</param>
    /// <returns>The non-empty statements, without their semicolons, in order.</returns>
    public static IReadOnlyList<string> Split(string sql, bool postgres)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var start = 0;
        var i = 0;
        var hasCode = false;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"':
                    i = SkipQuoted(sql, i, c);
                    hasCode = true;
                    continue;
                case '`' when !postgres:
                    i = SkipQuoted(sql, i, '`');
                    hasCode = true;
                    continue;
                case '-' when Peek(sql, i + 1) == '-':
                    var newline = sql.IndexOf('\n', i);
                    i = newline < 0 ? sql.Length : newline + 1;
                    continue;
                case '/' when Peek(sql, i + 1) == '*':
                    var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? sql.Length : close + 2;
                    continue;
                case '$' when postgres && !char.IsAsciiDigit(Peek(sql, i + 1)) && DollarTag(sql, i) is { } tag:
                    var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + tag.Length;
                    hasCode = true;
                    continue;
                case ';':
                    if (hasCode)
                    {
                        statements.Add(sql[start..i].Trim());
                    }

                    start = i + 1;
                    hasCode = false;
                    i++;
                    continue;
                default:
                    hasCode |= !char.IsWhiteSpace(c);
                    i++;
                    continue;
            }
        }

        if (hasCode)
        {
            statements.Add(sql[start..].Trim());
        }

        return statements;
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

    private static bool IsPlaceholderStart(string sql, int i, bool postgres)
    {
        var c = sql[i];
        var next = Peek(sql, i + 1);
        var previous = i > 0 ? sql[i - 1] : ' ';
        if (char.IsLetterOrDigit(previous) || previous == '_')
        {
            return false;
        }

        return c switch
        {
            '?' => !postgres,
            ':' => !postgres && previous != ':' && (char.IsLetter(next) || next == '_'),
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

    private static string? DollarTag(string sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        return i < sql.Length && sql[i] == '$' ? sql.Substring(start, i - start + 1) : null;
    }

    private static int SkipQuoted(string sql, int start, char close)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == close)
            {
                if (Peek(sql, i + 1) == close && close != ']')
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

    private static char Peek(string sql, int i) => i < sql.Length ? sql[i] : '\0';
}
