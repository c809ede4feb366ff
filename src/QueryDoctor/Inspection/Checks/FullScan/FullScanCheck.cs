using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Inspection.Checks.FullScan;

/// <summary>
/// <c>full-scan</c>: a workload SELECT whose plan reads every row of a table of at least
/// <see cref="SchemaCheckOptions.FullScanRowThreshold"/> rows while filtering it, because no index serves
/// the filter. A scan of a table the statement does not filter (an export, a join's build side) is not
/// reported: reading every row is then what was asked. Pure: plan, schema and workload in, findings out.
/// </summary>
internal static class FullScanCheck
{
    public static IEnumerable<Finding> Check(SampledStatement statement, QueryPlan plan, DatabaseSchema schema, SchemaCheckOptions options)
    {
        var fingerprint = statement.Fingerprint;
        if (fingerprint.Kind != SqlStatementKind.Select)
        {
            yield break;
        }

        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var access in plan.Accesses)
        {
            if (access.Kind != TableAccessKind.Scan || schema.FindTable(access.Table) is not { } table
                || table.RowCount is not { } rows || rows < options.FullScanRowThreshold)
            {
                continue;
            }

            var columns = FilterColumns(fingerprint, table, access.Alias);
            var filtered = access.IsFiltered ?? columns.Count > 0;
            if (!filtered || !reported.Add(table.DisplayName))
            {
                continue;
            }

            var described = columns.Count > 0 ? $" on ({SchemaText.ColumnList(columns)})" : "";
            yield return new Finding
            {
                Rule = RuleIds.FullScan,
                Severity = options.SeverityOf(RuleIds.FullScan),
                Scope = statement.Scope,
                Message = $"SELECT filters {table.DisplayName}{described} but its plan reads all " +
                    $"{(table.RowCountIsEstimate ? "~" : "")}{rows:N0} rows: no index serves the filter ({PlanStep(access)})",
                Count = statement.Count,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = statement.CallSite.IsUnknown ? null : statement.CallSite.Text,
                Table = table.DisplayName,
                Columns = columns.Count > 0 ? columns : null,
                DurationMs = statement.TotalDuration > TimeSpan.Zero ? Math.Round(statement.TotalDuration.TotalMilliseconds, 3) : null,
                Rows = rows,
                Ddl = columns.Count > 0 ? SchemaText.CreateIndex(table, columns) : null,
                Suggestion = columns.Count > 0
                    ? $"Index the filtered columns, equality columns first: {table.DisplayName}({SchemaText.ColumnList(columns)}); in EF Core: " +
                      $"{SchemaText.HasIndex(table, columns)} {SchemaText.GuessNote}. Check the new plan with EXPLAIN."
                    : "Index the columns of the WHERE clause on this table (equality columns first), or rewrite the filter so an index can serve it.",
            };
        }
    }

    /// <summary>
    /// The plan step without its condition (<c>Seq Scan on orders</c>, <c>SCAN orders</c>): a PostgreSQL
    /// condition carries the bound values, and parameter values are never shown unless asked for.
    /// </summary>
    private static string PlanStep(TableAccess access)
    {
        var condition = access.Detail.IndexOf(" (", StringComparison.Ordinal);
        return condition > 0 ? access.Detail[..condition] : access.Detail;
    }

    /// <summary>The statement's equality then range columns that belong to the table (by name, alias, or as the only table).</summary>
    internal static IReadOnlyList<string> FilterColumns(SqlFingerprint fingerprint, TableSchema table, string? alias)
    {
        var columns = new List<string>();
        foreach (var column in fingerprint.EqualityColumns.Concat(fingerprint.RangeColumns))
        {
            var owned = column.Table is null
                ? fingerprint.Tables.Count <= 1
                : string.Equals(column.Table, table.Name, StringComparison.OrdinalIgnoreCase)
                  || string.Equals(column.Table, table.DisplayName, StringComparison.OrdinalIgnoreCase)
                  || (alias is not null && string.Equals(column.Table, alias, StringComparison.OrdinalIgnoreCase));
            var real = table.Columns.FirstOrDefault(c => string.Equals(c.Name, column.Column, StringComparison.OrdinalIgnoreCase));
            if (owned && real is not null && !columns.Contains(real.Name, StringComparer.OrdinalIgnoreCase))
            {
                columns.Add(real.Name);
            }
        }

        return columns;
    }
}
