using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.CheckThenInsert;

/// <summary>
/// <c>check-then-insert</c>: a SELECT filtering table T by equality on columns C, followed in the same
/// scope by an INSERT into T that sets every column of C. Without a unique index on C, two callers can
/// both see "absent" and both insert. One finding per scope, table and column set.
/// </summary>
internal sealed class CheckThenInsertDetector : IScopeDetector, IFindingDrafter
{
    // Shared and never mutated: returned only when no column matched, and then never reported.
    private static readonly List<string> NoColumns = [];

    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        var drafts = new List<FindingDraft>();
        Draft(context, drafts);
        return drafts.ConvertAll(d => d.Complete());
    }

    public void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var scope = context.Scope;
        HashSet<string>? reported = null;
        for (var insertIndex = 0; insertIndex < scope.Groups.Count; insertIndex++)
        {
            var insert = scope.Groups[insertIndex];
            var table = insert.Fingerprint.MainTable;
            if (insert.Fingerprint.Kind != SqlStatementKind.Insert || table is null || insert.Fingerprint.InsertColumns.Count == 0)
            {
                continue;
            }

            for (var checkIndex = 0; checkIndex < scope.Groups.Count; checkIndex++)
            {
                var check = scope.Groups[checkIndex];
                if (check.Fingerprint.Kind != SqlStatementKind.Select || !Precedes(scope, check, insert))
                {
                    continue;
                }

                var columns = CheckedColumns(check.Fingerprint, table);
                if (columns.Count == 0 || !AllInserted(columns, insert.Fingerprint.InsertColumns))
                {
                    continue;
                }

                if (!(reported ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(table + "(" + string.Join(",", columns.Order(StringComparer.OrdinalIgnoreCase)) + ")"))
                {
                    continue;
                }

                var list = string.Join(", ", columns);
                var indexName = "ux_" + table.ToLowerInvariant() + "_" + string.Join("_", columns).ToLowerInvariant();
                drafts.Add(new FindingDraft(new Finding
                {
                    Rule = RuleIds.CheckThenInsert,
                    Severity = context.Options.SeverityOf(RuleIds.CheckThenInsert),
                    Scope = scope.Name,
                    Message =
                        $"{table} is checked by ({list}){FindingText.At(check.CallSite)} and then inserted" +
                        $"{FindingText.At(insert.CallSite)}: concurrent callers can both insert unless ({list}) is unique",
                    Count = insert.Count,
                    Fingerprint = insert.Fingerprint.Id,
                    Sql = insert.Fingerprint.Text,
                    CallSite = FindingText.CallSiteOrNull(insert.CallSite),
                    OtherCallSites = check.CallSite.IsUnknown || check.CallSite.Equals(insert.CallSite) ? null : [check.CallSite.Text],
                    Table = table,
                    Columns = columns,
                    Suggestion =
                        $"Enforce it in the database with a unique index on {table} ({list}) (EF Core: " +
                        $"HasIndex(e => new {{ {string.Join(", ", columns.Select(c => "e." + c))} }}).IsUnique()), then insert and " +
                        "handle the unique violation (or INSERT … ON CONFLICT DO NOTHING) instead of checking first.",
                    Ddl = $"CREATE UNIQUE INDEX {FindingText.Identifier(indexName)} ON {FindingText.Identifier(table)} " +
                          $"({string.Join(", ", columns.Select(FindingText.Identifier))});",
                }));
            }
        }
    }

    private static bool Precedes(QueryScope scope, StatementGroup check, StatementGroup insert) =>
        scope.AllTimestamped && check.FirstStartedAt is { } checkedAt && insert.LastStartedAt is { } insertedAt
            ? checkedAt <= insertedAt && check.FirstIndex != insert.LastIndex
            : check.FirstIndex < insert.LastIndex;

    private static List<string> CheckedColumns(SqlFingerprint select, string table)
    {
        List<string>? columns = null;
        foreach (var column in select.EqualityColumns)
        {
            var owner = column.Table ?? (select.Tables.Count == 1 ? select.MainTable : null);
            if (owner is not null && string.Equals(owner, table, StringComparison.OrdinalIgnoreCase)
                && (columns is null || !columns.Contains(column.Column, StringComparer.OrdinalIgnoreCase)))
            {
                (columns ??= []).Add(column.Column);
            }
        }

        // Most selects check no column of the inserted table: no list for them.
        return columns ?? NoColumns;
    }

    // Not a lambda over the loop variable: that would allocate a closure for every group of every scope judged.
    private static bool AllInserted(List<string> columns, IReadOnlyList<string> inserted)
    {
        foreach (var column in columns)
        {
            if (!inserted.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
