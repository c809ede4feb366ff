using System.Globalization;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection;

/// <summary>Shared wording for findings, so every rule names things the same way.</summary>
internal static class FindingText
{
    public static string At(CallSite callSite) => callSite.IsUnknown ? "" : " at " + callSite.Text;

    public static string? CallSiteOrNull(CallSite callSite) => callSite.IsUnknown ? null : callSite.Text;

    public static string TableOf(SqlFingerprint fingerprint) => fingerprint.MainTable ?? "the database";

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
