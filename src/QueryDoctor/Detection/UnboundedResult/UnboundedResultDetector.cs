using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.UnboundedResult;

/// <summary>
/// <c>unbounded-result</c>: a SELECT without LIMIT/TOP/FETCH that read at least the threshold of rows.
/// One finding per scope and fingerprint.
/// </summary>
internal sealed class UnboundedResultDetector : IScopeDetector
{
    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        var threshold = context.Options.UnboundedResultThreshold;
        Dictionary<SqlFingerprint, (StatementGroup Largest, int Count)>? byFingerprint = null;
        List<SqlFingerprint>? order = null;
        foreach (var group in context.Scope.Groups)
        {
            var fingerprint = group.Fingerprint;
            if (fingerprint.Kind != SqlStatementKind.Select || fingerprint.HasRowLimit || group.MaxRows is not { } rows || rows < threshold)
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
            yield break;
        }

        foreach (var fingerprint in order)
        {
            var (largest, count) = byFingerprint[fingerprint];
            var table = FindingText.TableOf(fingerprint);
            yield return new Finding
            {
                Rule = RuleIds.UnboundedResult,
                Severity = context.Options.SeverityOf(RuleIds.UnboundedResult),
                Scope = context.Scope.Name,
                Message = $"{table} query without a row limit read {largest.MaxRows} rows{FindingText.At(largest.CallSite)} (threshold {threshold})",
                Count = count,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = FindingText.CallSiteOrNull(largest.CallSite),
                Table = fingerprint.MainTable,
                Rows = largest.MaxRows,
                DurationMs = FindingText.MsOrNull(largest.TotalDuration),
                Suggestion =
                    "Paginate it (Skip/Take with an ORDER BY, or keyset: WHERE id > @last ORDER BY id LIMIT n), " +
                    "project only the columns needed, or stream it in batches (AsAsyncEnumerable) for jobs.",
            };
        }
    }
}
