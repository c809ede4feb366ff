using System.Globalization;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection;

/// <summary>Shared wording for findings, so every rule names things the same way.</summary>
internal static class FindingText
{
    public static string At(CallSite callSite) => callSite.IsUnknown ? "" : " at " + callSite.Text;

    public static string? CallSiteOrNull(CallSite callSite) => callSite.IsUnknown ? null : callSite.Text;

    public static IReadOnlyList<string>? CallersOrNull(CallSite callSite) => callSite.Callers is { Count: > 0 } callers ? callers : null;

    public static string TableOf(SqlFingerprint fingerprint) =>
        fingerprint.MainTable ?? (fingerprint.Tables.Count > 0 ? fingerprint.Tables[0] : "the database");

    /// <summary>What a SELECT computes per execution when it is an aggregate of its table rather than rows of it.</summary>
    public static SqlAggregate AggregateOf(SqlFingerprint fingerprint)
    {
        if (fingerprint.Kind != SqlStatementKind.Select)
        {
            return SqlAggregate.None;
        }

        var text = fingerprint.Text.AsSpan();
        if (!text.StartsWith("select ", StringComparison.Ordinal))
        {
            return SqlAggregate.None;
        }

        text = text[7..].TrimStart();
        if (text.StartsWith("distinct ", StringComparison.Ordinal))
        {
            return SqlAggregate.None;
        }

        // A lone aggregate (no other output column): COUNT per item, EXISTS per item, SUM/MIN/MAX/AVG per item.
        if (text.StartsWith("exists", StringComparison.Ordinal) || text.StartsWith("case when exists", StringComparison.Ordinal)
            || text.StartsWith("not exists", StringComparison.Ordinal))
        {
            return SqlAggregate.Exists;
        }

        if (text.StartsWith("count(", StringComparison.Ordinal) || text.StartsWith("count (", StringComparison.Ordinal)
            || text.StartsWith("count_big(", StringComparison.Ordinal))
        {
            return OnlyOutput(text) ? SqlAggregate.Count : SqlAggregate.None;
        }

        var head = text[..Math.Min(text.Length, 24)].ToString().Replace(" (", "(", StringComparison.Ordinal);
        foreach (var name in (ReadOnlySpan<string>)["sum(", "min(", "max(", "avg(", "coalesce(sum(", "coalesce(min(", "coalesce(max(", "coalesce(avg("])
        {
            if (head.StartsWith(name, StringComparison.Ordinal))
            {
                return OnlyOutput(text) ? SqlAggregate.Other : SqlAggregate.None;
            }
        }

        return SqlAggregate.None;
    }

    /// <summary>Whether a statement filters by a list of values (<c>IN (…)</c> or <c>= ANY (?)</c>): it already loads many keys at once.</summary>
    public static bool IsListLookup(SqlFingerprint fingerprint) =>
        fingerprint.Kind == SqlStatementKind.Select
        && (fingerprint.Text.Contains(" in (...)", StringComparison.Ordinal)
            || fingerprint.Text.Contains("= any (?)", StringComparison.Ordinal)
            || fingerprint.Text.Contains("= any(?)", StringComparison.Ordinal));

    /// <summary>"50 executions, 20 distinct values: 30 repeats", or <see langword="null"/> when the values were unknown.</summary>
    public static string? DistinctValuesText(int executions, int? distinct) =>
        distinct is not { } d ? null
        : d >= executions ? string.Create(CultureInfo.InvariantCulture, $"{executions} executions, all with distinct values")
        : string.Create(CultureInfo.InvariantCulture, $"{executions} executions, {d} distinct values: {executions - d} repeats");

    // The aggregate's output column list ends at the first top-level " from ": no comma at depth 0 before it.
    private static bool OnlyOutput(ReadOnlySpan<char> text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0: return false;
                case ' ' when depth == 0 && text[i..].StartsWith(" from ", StringComparison.Ordinal): return true;
            }
        }

        return true;
    }

    public static string Ms(TimeSpan duration) => Ms(duration.TotalMilliseconds);

    public static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + " ms";

    public static double? MsOrNull(TimeSpan duration) => duration > TimeSpan.Zero ? Math.Round(duration.TotalMilliseconds, 3) : null;

    /// <summary>The value columns of a statement's WHERE on its main table, e.g. <c>["blog_id"]</c>.</summary>
    public static IReadOnlyList<string> FilterColumns(SqlFingerprint fingerprint)
    {
        var columns = new List<string>();
        foreach (var column in fingerprint.EqualityColumns)
        {
            if (column.Table is null || fingerprint.MainTable is null
                || string.Equals(column.Table, fingerprint.MainTable, StringComparison.OrdinalIgnoreCase))
            {
                if (!columns.Contains(column.Column, StringComparer.OrdinalIgnoreCase))
                {
                    columns.Add(column.Column);
                }
            }
        }

        return columns;
    }

    /// <summary>
    /// Quotes an identifier for DDL when it is not plain lowercase or is a reserved word (<c>order</c>,
    /// <c>user</c>, …); works for SQLite and PostgreSQL.
    /// </summary>
    public static string Identifier(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            }
        }

        return name.Length == 0 || char.IsAsciiDigit(name[0]) || ReservedWords.Contains(name) ? "\"" + name + "\"" : name;
    }

    // PostgreSQL's reserved key words (which include SQLite's that matter in DDL); quoting one more than needed is harmless.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both", "case",
        "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
        "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "default",
        "deferrable", "delete", "desc", "distinct", "do", "drop", "else", "end", "except", "exists", "false", "fetch", "for", "foreign",
        "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "index", "initially", "inner", "insert", "intersect",
        "into", "is", "isnull", "join", "key", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural",
        "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary", "references",
        "returning", "right", "select", "session_user", "set", "similar", "some", "symmetric", "system_user", "table", "tablesample",
        "then", "to", "trailing", "true", "union", "unique", "update", "user", "using", "values", "variadic", "verbose", "when",
        "where", "window", "with",
    };
}
