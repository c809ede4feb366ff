using QueryDoctor.Rules;

namespace QueryDoctor.Detection.NPlusOne;

/// <summary>
/// <c>n-plus-one</c>: at least N SELECTs with one fingerprint from one call site, not all with identical
/// values (unknown values count as different); paging loops (OFFSET, or a row limit plus a range on the
/// first ORDER BY column) are exempt. One finding per scope, fingerprint and call site.
/// </summary>
internal sealed class NPlusOneDetector : IScopeDetector
{
    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        foreach (var group in context.Scope.Groups)
        {
            if (!context.IsNPlusOne(group))
            {
                continue;
            }

            var fingerprint = group.Fingerprint;
            var table = FindingText.TableOf(fingerprint);
            var columns = FindingText.FilterColumns(fingerprint);
            var by = columns.Count > 0 ? $" by {string.Join(", ", columns)}" : "";
            var list = columns.Count > 0 ? $" with WHERE {columns[0]} IN (…)" : "";
            yield return new Finding
            {
                Rule = RuleIds.NPlusOne,
                Severity = context.Options.SeverityOf(RuleIds.NPlusOne),
                Scope = context.Scope.Name,
                Message = $"{table} queried {group.Count} times{by}{FindingText.At(group.CallSite)}, once per item",
                Count = group.Count,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = FindingText.CallSiteOrNull(group.CallSite),
                Table = fingerprint.MainTable,
                Columns = columns.Count > 0 ? columns : null,
                DurationMs = FindingText.MsOrNull(group.TotalDuration),
                Suggestion =
                    $"Load the {table} rows for all items in one query{list} and look them up in a dictionary, " +
                    "or eager-load the navigation with .Include(…) (add .AsSplitQuery() for several collections).",
            };
        }
    }
}
