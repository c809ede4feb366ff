using QueryDoctor.Rules;

namespace QueryDoctor.Inspection.Checks.MissingPrimaryKey;

/// <summary><c>missing-primary-key</c>: a table without a declared primary key.</summary>
internal sealed class MissingPrimaryKeyCheck : ISchemaCheck
{
    public IEnumerable<Finding> Check(SchemaCheckContext context)
    {
        foreach (var table in context.Schema.Tables)
        {
            if (table.PrimaryKey.Count > 0)
            {
                continue;
            }

            var unique = table.Indexes.FirstOrDefault(i => i.IsUnique && !i.IsPartial && !i.HasExpressions);
            var hint = unique is null
                ? "add an id column as primary key"
                : $"promote the unique index {unique.Name} ({SchemaText.ColumnList(unique.Columns)}) to the primary key";
            yield return new Finding
            {
                Rule = RuleIds.MissingPrimaryKey,
                Severity = context.Options.SeverityOf(RuleIds.MissingPrimaryKey),
                Message = $"Table {table.DisplayName} has no primary key",
                Table = table.DisplayName,
                Columns = unique?.Columns,
                Rows = table.RowCount,
                Suggestion = $"Declare a primary key: {hint}. In EF Core: modelBuilder.Entity<{SchemaText.EntityName(table.Name)}>().HasKey(e => e.Id) " +
                    $"{SchemaText.GuessNote}; keyless entities (HasNoKey) cannot be updated or tracked.",
            };
        }
    }
}
