using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.SlowQuery;

/// <summary><c>slow-query</c>: a statement at or above the threshold. One finding per scope and fingerprint.</summary>
internal sealed class SlowQueryDetector : DraftingDetector
{
    public override void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var threshold = context.Options.SlowQueryThreshold;
        HashSet<SqlFingerprint>? seen = null;
        foreach (var first in context.Scope.GroupSpan)
        {
            if (first.MaxDuration < threshold || first.MaxDuration == TimeSpan.Zero || !(seen ??= []).Add(first.Fingerprint))
            {
                continue;
            }

            // Gather every call site of this shape: the finding is per fingerprint.
            var slowest = first;
            var slowCount = 0;
            var slowTotal = TimeSpan.Zero;
            var callSites = new List<string>();
            foreach (var group in context.Scope.GroupSpan)
            {
                if (!group.Fingerprint.Equals(first.Fingerprint) || group.MaxDuration < threshold)
                {
                    continue;
                }

                slowCount += Math.Max(group.SlowCount, 1);
                slowTotal += group.TotalDuration;
                if (group.MaxDuration > slowest.MaxDuration)
                {
                    slowest = group;
                }

                if (!group.CallSite.IsUnknown && !callSites.Contains(group.CallSite.Text))
                {
                    callSites.Add(group.CallSite.Text);
                }
            }

            var fingerprint = first.Fingerprint;
            var times = slowCount == 1 ? "" : $" ({slowCount} executions at or above {FindingText.Ms(threshold)})";
            drafts.Add(new FindingDraft(new Finding
            {
                Rule = RuleIds.SlowQuery,
                Severity = context.Options.SeverityOf(RuleIds.SlowQuery),
                Scope = context.Scope.Name,
                Message =
                    $"{FindingText.TableOf(fingerprint)} query took {FindingText.Ms(slowest.MaxDuration)}" +
                    $"{FindingText.At(slowest.CallSite)} (threshold {FindingText.Ms(threshold)}){times}",
                Count = slowCount,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = FindingText.CallSiteOrNull(slowest.CallSite),
                OtherCallSites = callSites.Count > 1 ? Except(callSites, slowest.CallSite.Text) : null,
                Table = fingerprint.MainTable,
                DurationMs = Math.Round(slowest.MaxDuration.TotalMilliseconds, 3),
                Rows = slowest.MaxRows,
                Suggestion =
                    "Read its plan (querydoctor analyze --db CONN) for table scans and temp sorts: an index on the " +
                    "filtered and ordered columns, a row limit, or fewer columns usually fixes it.",
            }));
        }
    }

    /// <summary>The call sites but one, in order (a helper, not a lambda: a lambda capturing the loop's group costs a closure per group and scope).</summary>
    private static List<string> Except(List<string> callSites, string slowest)
    {
        var others = new List<string>(callSites.Count - 1);
        foreach (var callSite in callSites)
        {
            if (callSite != slowest)
            {
                others.Add(callSite);
            }
        }

        return others;
    }
}
