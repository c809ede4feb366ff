using QueryDoctor.Rules;

namespace QueryDoctor.Inspection.Checks.UnusedIndex;

/// <summary>
/// <c>unused-index</c> (PostgreSQL only): a non-unique index that does not back the primary key and was
/// never scanned since statistics were reset (<c>pg_stat_user_indexes.idx_scan = 0</c>). Informational:
/// the statistics may be young, so the finding asks to confirm before dropping.
/// </summary>
internal sealed class UnusedIndexCheck : ISchemaCheck
{
    public IEnumerable<Finding> Check(SchemaCheckContext context)
    {
        if (context.Schema.Provider != DatabaseProvider.PostgreSql)
        {
            yield break;
        }

        foreach (var table in context.Schema.Tables)
        {
            foreach (var index in table.Indexes)
            {
                if (index.IsUnique || index.IsPrimaryKey || index.ScanCount is not 0)
                {
                    continue;
                }

                yield return new Finding
                {
                    Rule = RuleIds.UnusedIndex,
                    Severity = context.Options.SeverityOf(RuleIds.UnusedIndex),
                    Message = $"Index {index.Name} on {table.DisplayName}({SchemaText.ColumnList(index.Columns)}) was never scanned since statistics were reset",
                    Table = table.DisplayName,
                    Columns = index.Columns,
                    Count = 0,
                    Ddl = SchemaText.DropIndex(table, index),
                    Suggestion = "Confirm over a full business cycle (pg_stat_user_indexes.idx_scan, on every replica) that nothing uses it, then drop it; " +
                        $"in EF Core remove the HasIndex on {SchemaText.EntityName(table.Name)} {SchemaText.GuessNote} and add a migration.",
                };
            }
        }
    }
}
