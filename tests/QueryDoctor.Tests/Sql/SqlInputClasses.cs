using System.Globalization;
using System.Text;

namespace QueryDoctor.Tests.Sql;

/// <summary>
/// Statements of a chosen size for each input class that stresses a different part of the fingerprinter
/// (long lists, many joins, many predicates, deep nesting, long literals). Shared by the linearity tests and
/// the fingerprint-by-size benchmark, so both measure the same inputs.
/// </summary>
internal static class SqlInputClasses
{
    public static readonly string[] Names =
    [
        "select-list", "in-list", "values-rows", "join-chain", "where-chain", "nested-subqueries", "cte-chain",
        "row-value-in", "any-array", "string-literals", "allow-markers",
    ];

    /// <summary>A statement of class <paramref name="name"/> at least <paramref name="chars"/> characters long.</summary>
    public static string Build(string name, int chars)
    {
        var sql = new StringBuilder(chars + 128);
        var n = 0;
        switch (name)
        {
            case "select-list":
                sql.Append("SELECT c0");
                while (sql.Length < chars)
                {
                    sql.Append(", t.c").Append(++n);
                }

                return sql.Append(" FROM t").ToString();
            case "in-list":
                sql.Append("SELECT id FROM t WHERE id IN (0");
                while (sql.Length < chars)
                {
                    sql.Append(", ").Append(++n);
                }

                return sql.Append(')').ToString();
            case "values-rows":
                sql.Append("INSERT INTO t (a, b) VALUES (0, 'x')");
                while (sql.Length < chars)
                {
                    sql.Append(", (").Append(++n).Append(", 'x')");
                }

                return sql.ToString();
            case "join-chain":
                sql.Append("SELECT a0.id FROM t0 AS a0");
                while (sql.Length < chars)
                {
                    n++;
                    sql.Append(" JOIN t").Append(n).Append(" AS a").Append(n).Append(" ON a").Append(n)
                        .Append(".id = a").Append(n - 1).Append(".id");
                }

                return sql.Append(" WHERE a0.id = 1").ToString();
            case "where-chain":
                sql.Append("SELECT id FROM t WHERE c0 = 0");
                while (sql.Length < chars)
                {
                    n++;
                    sql.Append(n % 2 == 0 ? " AND c" : " OR c").Append(n).Append(n % 3 == 0 ? " > " : " = ").Append(n);
                }

                return sql.ToString();
            case "nested-subqueries":
                var depth = Math.Max(1, chars / 32);
                for (var d = 0; d < depth; d++)
                {
                    sql.Append("SELECT * FROM (");
                }

                sql.Append("SELECT id FROM t WHERE id = 1");
                for (var d = depth; d > 0; d--)
                {
                    sql.Append(") AS d").Append(d);
                }

                return sql.ToString();
            case "cte-chain":
                sql.Append("WITH c0 AS (SELECT id FROM t WHERE id = 1)");
                while (sql.Length < chars)
                {
                    n++;
                    sql.Append(", c").Append(n).Append(" AS (SELECT id FROM c").Append(n - 1).Append(')');
                }

                return sql.Append(" SELECT id FROM c").Append(n).ToString();
            case "row-value-in":
                sql.Append("SELECT id FROM t WHERE (a, b) IN ((0, 0)");
                while (sql.Length < chars)
                {
                    n++;
                    sql.Append(", (").Append(n).Append(", ").Append(n).Append(')');
                }

                return sql.Append(')').ToString();
            case "any-array":
                sql.Append("SELECT id FROM t WHERE id = ANY(ARRAY[0");
                while (sql.Length < chars)
                {
                    sql.Append(", ").Append(++n);
                }

                return sql.Append("])").ToString();
            case "string-literals":
                sql.Append("SELECT id FROM t WHERE name = '");
                sql.Append('x', Math.Max(1, chars - 64));
                return sql.Append("' -- a comment").ToString();
            case "allow-markers":
                sql.Append("-- ");
                while (sql.Length < chars)
                {
                    sql.Append("querydoctor:allow n-plus-one ");
                }

                return sql.Append("\nSELECT id FROM t WHERE id = 1").ToString();
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown input class");
        }
    }

    /// <summary>A short label for a size: 1k, 10k, 1M.</summary>
    public static string Label(int chars) => chars >= 1_000_000
        ? (chars / 1_000_000).ToString(CultureInfo.InvariantCulture) + "M"
        : (chars / 1_000).ToString(CultureInfo.InvariantCulture) + "k";
}
