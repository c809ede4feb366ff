using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.NPlusOne;

/// <summary>
/// <c>n-plus-one</c>: at least N SELECTs with one fingerprint from one call site, not all with identical
/// values (unknown values count as different); paging loops (OFFSET, or a row limit plus a range on the
/// first ORDER BY column) are exempt. One finding per scope, fingerprint and call site.
/// </summary>
internal sealed class NPlusOneDetector : IScopeDetector, IFindingDrafter
{
    private static readonly Func<Finding, object?, Finding> WriteTexts = Write;

    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        var drafts = new List<FindingDraft>();
        Draft(context, drafts);
        return drafts.ConvertAll(d => d.Complete());
    }

    public void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        for (var groupIndex = 0; groupIndex < context.Scope.Groups.Count; groupIndex++)
        {
            var group = context.Scope.Groups[groupIndex];
            if (!context.IsNPlusOne(group))
            {
                continue;
            }

            var fingerprint = group.Fingerprint;
            drafts.Add(new FindingDraft(
                new Finding
                {
                    Rule = RuleIds.NPlusOne,
                    Severity = context.Options.SeverityOf(RuleIds.NPlusOne),
                    Scope = context.Scope.Name,
                    Message = "",
                    Count = group.Count,
                    Fingerprint = fingerprint.Id,
                    Sql = fingerprint.Text,
                    CallSite = FindingText.CallSiteOrNull(group.CallSite),
                    Callers = FindingText.CallersOrNull(group.CallSite),
                    Table = fingerprint.MainTable ?? (fingerprint.Tables.Count > 0 ? fingerprint.Tables[0] : null),
                    DurationMs = FindingText.MsOrNull(group.TotalDuration),
                    DistinctValues = group.DistinctValues,
                },
                WriteTexts,
                fingerprint));
        }
    }

    /// <summary>The message, filter columns and suggestion of a drafted finding (state: its fingerprint).</summary>
    private static Finding Write(Finding facts, object? state)
    {
        var fingerprint = (SqlFingerprint)state!;
        var count = facts.Count ?? 0;
        var table = FindingText.TableOf(fingerprint);
        var columns = FindingText.FilterColumns(fingerprint);
        var by = columns.Count > 0 ? $" by {string.Join(", ", columns)}" : "";
        var aggregate = FindingText.AggregateOf(fingerprint);
        var verb = aggregate switch
        {
            SqlAggregate.Count => "counted",
            SqlAggregate.Exists => "checked for existence",
            SqlAggregate.Other => "aggregated",
            _ => "queried",
        };
        var at = facts.CallSite is null ? "" : " at " + facts.CallSite;
        var distinct = FindingText.DistinctValuesText(count, facts.DistinctValues);
        return facts with
        {
            Message = $"{table} {verb} {count} times{by}{at}, once per item" + (distinct is null ? "" : $" ({distinct})"),
            Columns = columns.Count > 0 ? columns : null,
            Suggestion = Suggestion(aggregate, table, columns, FindingText.IsListLookup(fingerprint)),
        };
    }

    private static string Suggestion(SqlAggregate aggregate, string table, IReadOnlyList<string> columns, bool listLookup)
    {
        var key = columns.Count > 0 ? columns[0] : "the parent key";
        return aggregate switch
        {
            SqlAggregate.Count =>
                $"Count them in the query that loads the parent rows (a projection: .Select(x => new {{ x, Count = x.Children.Count() }})), " +
                $"or count them all at once with one GROUP BY {key} query (.GroupBy(…).Select(g => new {{ g.Key, Count = g.Count() }})) and look the counts up in a dictionary.",
            SqlAggregate.Exists =>
                $"Compute it in the query that loads the parent rows (a projection: .Select(x => new {{ x, HasAny = x.Children.Any() }})), " +
                $"or fetch the {key} values that have {table} rows with one query (.Select(…).Distinct() or a GROUP BY {key}) into a set.",
            SqlAggregate.Other =>
                $"Aggregate in the query that loads the parent rows (a projection), or aggregate them all at once with one GROUP BY {key} query into a dictionary.",
            _ when listLookup =>
                $"The {table} rows are already loaded by list, but the same lists repeat: load each key once (distinct keys, larger chunks or one query) and keep the rows in a dictionary.",
            _ =>
                $"Load the {table} rows for all items in one query" + (columns.Count > 0 ? $" with WHERE {columns[0]} IN (…)" : "") +
                " and look them up in a dictionary, or eager-load the navigation with .Include(…) (add .AsSplitQuery() for several collections).",
        };
    }
}
