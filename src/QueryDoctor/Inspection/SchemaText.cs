using System.Text;
using QueryDoctor.Detection;

namespace QueryDoctor.Inspection;

/// <summary>Shared wording and DDL for database findings.</summary>
internal static class SchemaText
{
    public static string ColumnList(IEnumerable<string> columns) => string.Join(", ", columns);

    /// <summary>A quoted-where-needed name, qualified by schema outside the default one.</summary>
    public static string QualifiedIdentifier(string schema, string name) =>
        schema is "main" or "public" or "" ? FindingText.Identifier(name) : FindingText.Identifier(schema) + "." + FindingText.Identifier(name);

    /// <summary>An identifier always quoted, for statements QueryDoctor runs itself (names kept exactly as the catalog spells them).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The name QueryDoctor gives an index it proposes: <c>ix_table_a_b</c>.</summary>
    public static string IndexName(TableSchema table, IEnumerable<string> columns) => "ix_" + table.Name + "_" + string.Join("_", columns);

    /// <summary><c>CREATE INDEX ix_table_a_b ON table (a, b DESC);</c></summary>
    /// <param name="table">The table.</param>
    /// <param name="columns">The key columns, in order.</param>
    /// <param name="descending">Which key columns are descending; all ascending when <see langword="null"/>.</param>
    public static string CreateIndex(TableSchema table, IReadOnlyList<string> columns, IReadOnlyList<bool>? descending = null)
    {
        var key = columns.Select((c, i) => FindingText.Identifier(c) + (descending is not null && descending[i] ? " DESC" : ""));
        return $"CREATE INDEX {FindingText.Identifier(IndexName(table, columns))} ON {QualifiedIdentifier(table.Schema, table.Name)} ({string.Join(", ", key)});";
    }

    /// <summary><c>DROP INDEX name;</c></summary>
    public static string DropIndex(TableSchema table, IndexSchema index) => $"DROP INDEX {QualifiedIdentifier(table.Schema, index.Name)};";

    /// <summary>The EF Core <c>HasIndex</c> line for an index on the given columns, with names guessed from the table.</summary>
    public static string HasIndex(TableSchema table, IReadOnlyList<string> columns)
    {
        var properties = columns.Select(c => "e." + Pascal(c)).ToList();
        var lambda = properties.Count == 1 ? "e => " + properties[0] : "e => new { " + string.Join(", ", properties) + " }";
        return $"modelBuilder.Entity<{EntityName(table.Name)}>().HasIndex({lambda})";
    }

    /// <summary>A guess at the entity class mapped to a table: PascalCase, singular (<c>order_items</c> to <c>OrderItem</c>).</summary>
    public static string EntityName(string table) => Singular(Pascal(table));

    public const string GuessNote = "(entity and property names guessed from the table and column names)";

    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c is '_' or ' ' or '-' or '.')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.Length == 0 ? "Entity" : builder.ToString();
    }

    private static string Singular(string name)
    {
        if (name.EndsWith("ies", StringComparison.Ordinal) && name.Length > 3)
        {
            return name[..^3] + "y";
        }

        if (name.EndsWith("sses", StringComparison.Ordinal) || name.EndsWith("xes", StringComparison.Ordinal) || name.EndsWith("ches", StringComparison.Ordinal) || name.EndsWith("shes", StringComparison.Ordinal))
        {
            return name[..^2];
        }

        return name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) && name.Length > 1 ? name[..^1] : name;
    }

    public static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.Zip(b).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="prefix"/> is a leading prefix of (or equal to) <paramref name="columns"/>.</summary>
    public static bool IsPrefix(IReadOnlyList<string> prefix, IReadOnlyList<string> columns) =>
        prefix.Count > 0 && prefix.Count <= columns.Count
        && prefix.Select((c, i) => string.Equals(c, columns[i], StringComparison.OrdinalIgnoreCase)).All(x => x);
}
