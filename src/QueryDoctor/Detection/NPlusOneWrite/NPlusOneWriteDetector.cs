using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.NPlusOneWrite;

/// <summary>
/// <c>n-plus-one-write</c>: at least N INSERT/UPDATE/DELETE round trips with one fingerprint from one
/// call site. Commands sharing a batch id (one <c>SaveChanges</c>) count once.
/// </summary>
internal sealed class NPlusOneWriteDetector : IScopeDetector, IFindingDrafter
{
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
            var fingerprint = group.Fingerprint;
            if (!fingerprint.IsWrite || group.RoundTrips < context.Options.NPlusOneWriteThreshold)
            {
                continue;
            }

            var table = FindingText.TableOf(fingerprint);
            var verb = fingerprint.Kind switch
            {
                SqlStatementKind.Insert => "INSERT into",
                SqlStatementKind.Update => "UPDATE of",
                _ => "DELETE from",
            };
            var suggestion = fingerprint.Kind switch
            {
                SqlStatementKind.Insert =>
                    "Add all rows first (AddRange) and call SaveChanges once, or send one multi-row INSERT.",
                SqlStatementKind.Update =>
                    "Update the set in one statement: ExecuteUpdate(…) over a filtered query, or one UPDATE … WHERE id IN (…); " +
                    "else change the tracked entities and call SaveChanges once.",
                _ =>
                    "Delete the set in one statement: ExecuteDelete() over a filtered query, or one DELETE … WHERE id IN (…).",
            };
            drafts.Add(new FindingDraft(new Finding
            {
                Rule = RuleIds.NPlusOneWrite,
                Severity = context.Options.SeverityOf(RuleIds.NPlusOneWrite),
                Scope = context.Scope.Name,
                Message = $"{verb} {table} sent {group.RoundTrips} times{FindingText.At(group.CallSite)}, once per item",
                Count = group.RoundTrips,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = FindingText.CallSiteOrNull(group.CallSite),
                Table = fingerprint.MainTable,
                DurationMs = FindingText.MsOrNull(group.TotalDuration),
                Suggestion = suggestion,
            }));
        }
    }
}
