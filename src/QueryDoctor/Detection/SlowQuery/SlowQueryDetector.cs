using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.SlowQuery;

/// <summary><c>slow-query</c>: a statement at or above the threshold. One finding per scope and fingerprint.</summary>
internal sealed class SlowQueryDetector : IScopeDetector, IFindingDrafter
{
    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        var drafts = new List<FindingDraft>();
        Draft(context, drafts);
        return drafts.ConvertAll(d => d.Complete());
    }

    public void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var threshold = context.Options.SlowQueryThreshold;
        HashSet<SqlFingerprint>? seen = null;
        for (var firstIndex = 0; firstIndex < context.Scope.Groups.Count; firstIndex++)
        {
            var first = context.Scope.Groups[firstIndex];
            if (first.MaxDuration < threshold || first.MaxDuration == TimeSpan.Zero || !(seen ??= []).Add(first.Fingerprint))
            {
                continue;
            }

            // Gather every call site of this shape: the finding is per fingerprint.
            var slowest = first;
            var slowCount = 0;
            var slowTotal = TimeSpan.Zero;
            var callSites = new List<string>();
            for (var groupIndex = 0; groupIndex < context.Scope.Groups.Count; groupIndex++)
            {
                var group = context.Scope.Groups[groupIndex];
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

    // Not a lambda over the loop's locals: that would allocate a closure for every group of every scope judged.
    private static List<string> Except(List<string> callSites, string excluded)
    {
        var others = new List<string>(callSites.Count);
        foreach (var callSite in callSites)
        {
            if (callSite != excluded)
            {
                others.Add(callSite);
            }
        }

        return others;
    }
}
