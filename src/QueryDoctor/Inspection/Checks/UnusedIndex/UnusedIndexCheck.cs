using System.Globalization;
using QueryDoctor.Rules;

namespace QueryDoctor.Inspection.Checks.UnusedIndex;

/// <summary>
/// <c>unused-index</c> (PostgreSQL only): a non-unique index that does not back the primary key, serves no foreign
/// key, and was never scanned while the usage statistics gathered (<c>pg_stat_user_indexes.idx_scan = 0</c>).
/// Silent while the statistics are younger than <see cref="SchemaCheckOptions.UnusedIndexMinimumStatisticsAge"/>:
/// a fresh server is no evidence. An index that leads with a foreign key's columns is never called unused: deletes
/// and updates of the referenced rows search it without counting as scans of it in every plan, and dropping it
/// brings back the <c>unindexed-foreign-key</c> problem.
/// </summary>
internal sealed class UnusedIndexCheck : ISchemaCheck
{
    public IEnumerable<Finding> Check(SchemaCheckContext context)
    {
        var schema = context.Schema;
        if (schema.Provider != DatabaseProvider.PostgreSql
            || (schema.StatisticsAge is { } young && young < context.Options.UnusedIndexMinimumStatisticsAge))
        {
            yield break;
        }

        var age = schema.StatisticsAge is { } known
            ? $"in the {Describe(known)} since statistics began" + (schema.StatisticsSince is { } since ? $" ({since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)" : "")
            : "since statistics were reset";
        foreach (var table in schema.Tables)
        {
            foreach (var index in table.Indexes)
            {
                if (index.IsUnique || index.IsPrimaryKey || index.ScanCount is not 0 || ServesForeignKey(table, index))
                {
                    continue;
                }

                yield return new Finding
                {
                    Rule = RuleIds.UnusedIndex,
                    Severity = context.Options.SeverityOf(RuleIds.UnusedIndex),
                    Message = $"Index {index.Name} on {table.DisplayName}({SchemaText.ColumnList(index.Columns)}) was never scanned {age}",
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

    /// <summary>How old the statistics are, in words: "3 days", "5 hours", "12 minutes".</summary>
    internal static string Describe(TimeSpan age) =>
        age.TotalDays >= 2 ? $"{(int)age.TotalDays} days"
        : age.TotalHours >= 2 ? $"{(int)age.TotalHours} hours"
        : $"{Math.Max(0, (int)age.TotalMinutes)} minutes";

    /// <summary>Whether the index's leading columns are some foreign key's columns (in any order).</summary>
    internal static bool ServesForeignKey(TableSchema table, IndexSchema index) =>
        !index.IsPartial && table.ForeignKeys.Any(fk =>
            fk.Columns.Count > 0 && index.Columns.Count >= fk.Columns.Count
            && index.Columns.Take(fk.Columns.Count).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(fk.Columns));
}
