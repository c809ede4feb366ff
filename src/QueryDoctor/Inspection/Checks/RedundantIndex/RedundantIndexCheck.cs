using QueryDoctor.Detection;
using QueryDoctor.Rules;

namespace QueryDoctor.Inspection.Checks.RedundantIndex;

/// <summary>
/// <c>redundant-index</c>: an index whose columns are a leading prefix of another index on the same table,
/// or an exact duplicate of one. A unique index is never redundant to a non-unique one (it enforces
/// something); an index backing the primary key is never the one reported. Partial and expression
/// indexes are left alone: comparing their column lists alone would be a guess.
/// </summary>
internal sealed class RedundantIndexCheck : ISchemaCheck
{
    private const string PrimaryKeyName = "PRIMARY KEY";

    public IEnumerable<Finding> Check(SchemaCheckContext context)
    {
        foreach (var table in context.Schema.Tables)
        {
            var candidates = table.Indexes.Where(i => !i.IsPartial && !i.HasExpressions && i.Columns.Count > 0).ToList();

            // A rowid primary key (SQLite INTEGER PRIMARY KEY) has no index entry but serves like a unique index.
            if (table.PrimaryKey.Count > 0 && !candidates.Any(i => i.IsPrimaryKey))
            {
                candidates.Add(new IndexSchema { Name = PrimaryKeyName, Columns = table.PrimaryKey, IsUnique = true, IsPrimaryKey = true });
            }

            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var index in candidates.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                var keeper = candidates
                    .Where(other => !ReferenceEquals(other, index) && !reported.Contains(other.Name) && Makes(index, other))
                    .OrderByDescending(other => other.IsPrimaryKey)
                    .ThenByDescending(other => other.IsConstraint)
                    .ThenByDescending(other => other.IsUnique)
                    .ThenBy(other => other.Columns.Count)
                    .ThenBy(other => other.Name, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (keeper is null)
                {
                    continue;
                }

                reported.Add(index.Name);
                var duplicate = SchemaText.SameColumns(index.Columns, keeper.Columns);
                var keeperName = keeper.Name == PrimaryKeyName ? "the primary key" : keeper.Name;
                yield return new Finding
                {
                    Rule = RuleIds.RedundantIndex,
                    Severity = context.Options.SeverityOf(RuleIds.RedundantIndex),
                    Message = duplicate
                        ? $"Index {index.Name} on {table.DisplayName}({SchemaText.ColumnList(index.Columns)}) duplicates {keeperName}"
                        : $"Index {index.Name} on {table.DisplayName}({SchemaText.ColumnList(index.Columns)}) is a leading prefix of {keeperName} ({SchemaText.ColumnList(keeper.Columns)})",
                    Table = table.DisplayName,
                    Columns = index.Columns,
                    Ddl = !index.IsConstraint
                        ? SchemaText.DropIndex(table, index)
                        : context.Schema.Provider == DatabaseProvider.PostgreSql
                            ? $"ALTER TABLE {SchemaText.QualifiedIdentifier(table.Schema, table.Name)} DROP CONSTRAINT {FindingText.Identifier(index.Name)};"
                            : null,
                    Suggestion = $"Drop {index.Name}: {keeperName} serves every lookup it serves, and each extra index slows writes. " +
                        $"In EF Core remove the HasIndex for ({SchemaText.ColumnList(index.Columns.Select(SchemaText.Pascal))}) on " +
                        $"{SchemaText.EntityName(table.Name)} {SchemaText.GuessNote} and add a migration.",
                };
            }
        }
    }

    /// <summary>Whether <paramref name="other"/> makes <paramref name="index"/> redundant.</summary>
    private static bool Makes(IndexSchema index, IndexSchema other)
    {
        if (!SchemaText.IsPrefix(index.Columns, other.Columns))
        {
            return false;
        }

        var same = index.Columns.Count == other.Columns.Count;

        // An index backing a constraint is kept unless an exact duplicate outranks it (the primary key, or a
        // constraint index earlier by name): dropping it means dropping the constraint.
        if (index.IsPrimaryKey || (index.IsConstraint && !(same && (other.IsPrimaryKey || (other.IsConstraint && string.CompareOrdinal(other.Name, index.Name) < 0)))))
        {
            return false;
        }

        // Of two plain exact duplicates, the constraint-backed, then the unique one, then the first by name is kept.
        if (same && index.IsUnique == other.IsUnique && !index.IsConstraint && !other.IsConstraint && !other.IsPrimaryKey
            && string.CompareOrdinal(other.Name, index.Name) > 0)
        {
            return false;
        }
        if (index.IsUnique)
        {
            // A unique index is only redundant to a unique index on exactly the same columns.
            return same && other.IsUnique;
        }

        return true;
    }
}
