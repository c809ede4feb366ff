using QueryDoctor.Rules;

namespace QueryDoctor.Inspection.Checks.UnindexedForeignKey;

/// <summary>
/// <c>unindexed-foreign-key</c>: a foreign key's columns (in any order, for a multi-column key) must be
/// the leading columns of the primary key or of a full (non-partial) index; otherwise joins on the key
/// and deletes or key updates of the referenced rows scan the table.
/// </summary>
internal sealed class UnindexedForeignKeyCheck : ISchemaCheck
{
    public IEnumerable<Finding> Check(SchemaCheckContext context)
    {
        foreach (var table in context.Schema.Tables)
        {
            foreach (var foreignKey in table.ForeignKeys)
            {
                if (foreignKey.Columns.Count == 0 || IsCovered(table, foreignKey.Columns))
                {
                    continue;
                }

                var columns = foreignKey.Columns;
                var referenced = foreignKey.ReferencedColumns.Count > 0
                    ? $"{foreignKey.ReferencedTable}({SchemaText.ColumnList(foreignKey.ReferencedColumns)})"
                    : foreignKey.ReferencedTable;
                yield return new Finding
                {
                    Rule = RuleIds.UnindexedForeignKey,
                    Severity = context.Options.SeverityOf(RuleIds.UnindexedForeignKey),
                    Message = $"Foreign key {table.DisplayName}({SchemaText.ColumnList(columns)}) -> {referenced} has no index starting with its columns: " +
                        $"joins on it and deletes in {foreignKey.ReferencedTable} scan {table.DisplayName}",
                    Table = table.DisplayName,
                    Columns = columns,
                    Rows = table.RowCount,
                    Ddl = SchemaText.CreateIndex(table, columns),
                    Suggestion = $"Add an index on {table.DisplayName}({SchemaText.ColumnList(columns)}); in EF Core: " +
                        $"{SchemaText.HasIndex(table, columns)} {SchemaText.GuessNote}.",
                };
            }
        }
    }

    private static bool IsCovered(TableSchema table, IReadOnlyList<string> columns)
    {
        if (LeadsWith(table.PrimaryKey, columns))
        {
            return true;
        }

        return table.Indexes.Any(index => !index.IsPartial && LeadsWith(index.Columns, columns));
    }

    /// <summary>Whether the first <c>columns.Count</c> keys are exactly <paramref name="columns"/>, in any order.</summary>
    private static bool LeadsWith(IReadOnlyList<string> keys, IReadOnlyList<string> columns)
    {
        if (keys.Count < columns.Count)
        {
            return false;
        }

        var leading = new HashSet<string>(keys.Take(columns.Count), StringComparer.OrdinalIgnoreCase);
        return leading.SetEquals(columns);
    }
}
