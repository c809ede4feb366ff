using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.UnboundedResult;

/// <summary>
/// <c>unbounded-result</c>: a SELECT without LIMIT/TOP/FETCH that read at least the threshold of rows.
/// One finding per scope and fingerprint.
/// </summary>
internal sealed class UnboundedResultDetector : IScopeDetector, IFindingDrafter
{
    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        var drafts = new List<FindingDraft>();
        Draft(context, drafts);
        return drafts.ConvertAll(d => d.Complete());
    }

    public void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var threshold = context.Options.UnboundedResultThreshold;
        Dictionary<SqlFingerprint, (StatementGroup Largest, int Count)>? byFingerprint = null;
        List<SqlFingerprint>? order = null;
        for (var groupIndex = 0; groupIndex < context.Scope.Groups.Count; groupIndex++)
        {
            var group = context.Scope.Groups[groupIndex];
            var fingerprint = group.Fingerprint;
            // With a row limit too: a page of 5,000 rows is bounded only on paper.
            if (fingerprint.Kind != SqlStatementKind.Select || group.MaxRows is not { } rows || rows < threshold)
            {
                continue;
            }

            byFingerprint ??= [];
            order ??= [];
            if (byFingerprint.TryGetValue(fingerprint, out var seen))
            {
                byFingerprint[fingerprint] = (rows > seen.Largest.MaxRows ? group : seen.Largest, seen.Count + group.Count);
            }
            else
            {
                byFingerprint.Add(fingerprint, (group, group.Count));
                order.Add(fingerprint);
            }
        }

        if (order is null || byFingerprint is null)
        {
            return;
        }

        foreach (var fingerprint in order)
        {
            var (largest, count) = byFingerprint[fingerprint];
            var table = FindingText.TableOf(fingerprint);
            var what = fingerprint.HasRowLimit ? "query with a row limit still read" : "query without a row limit read";
            drafts.Add(new FindingDraft(new Finding
            {
                Rule = RuleIds.UnboundedResult,
                Severity = context.Options.SeverityOf(RuleIds.UnboundedResult),
                Scope = context.Scope.Name,
                Message = $"{table} {what} {largest.MaxRows} rows in one statement{FindingText.At(largest.CallSite)} (threshold {threshold})",
                Count = count,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = FindingText.CallSiteOrNull(largest.CallSite),
                Table = fingerprint.MainTable,
                Rows = largest.MaxRows,
                DurationMs = FindingText.MsOrNull(largest.TotalDuration),
                Callers = FindingText.CallersOrNull(largest.CallSite),
                Suggestion = fingerprint.HasRowLimit
                    ? $"Use a page size below {threshold} (e.g. 50-100; keyset paging: WHERE id > @last ORDER BY id LIMIT n), " +
                      "project only the columns needed, or stream it in batches (AsAsyncEnumerable) for jobs."
                    : "Paginate it (Skip/Take with an ORDER BY, or keyset: WHERE id > @last ORDER BY id LIMIT n), " +
                      "project only the columns needed, or stream it in batches (AsAsyncEnumerable) for jobs.",
            }));
        }
    }
}
