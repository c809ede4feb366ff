using QueryDoctor.Rules;

namespace QueryDoctor.Detection.TooManyQueries;

/// <summary>
/// <c>too-many-queries</c>: a scope that sent more statements than the budget. A batch (one
/// <c>SaveChanges</c>) counts once, as one round trip.
/// </summary>
internal sealed class TooManyQueriesDetector : DraftingDetector
{
    public override void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var scope = context.Scope;
        var budget = context.Options.TooManyQueriesThreshold;
        if (scope.RoundTrips <= budget)
        {
            return;
        }

        var top = scope.Groups.OrderByDescending(g => g.RoundTrips).ThenBy(g => g.FirstIndex).First();
        drafts.Add(new FindingDraft(new Finding
        {
            Rule = RuleIds.TooManyQueries,
            Severity = context.Options.SeverityOf(RuleIds.TooManyQueries),
            Scope = scope.Name,
            Message =
                $"{scope.Name} sent {scope.RoundTrips} statements (budget {budget}); the most repeated: " +
                $"{FindingText.TableOf(top.Fingerprint)} ×{top.RoundTrips}{FindingText.At(top.CallSite)}",
            Count = scope.RoundTrips,
            Fingerprint = top.Fingerprint.Id,
            Sql = top.Fingerprint.Text,
            CallSite = FindingText.CallSiteOrNull(top.CallSite),
            Table = top.Fingerprint.MainTable,
            DurationMs = FindingText.MsOrNull(scope.TotalDuration),
            Suggestion =
                "Fetch what the unit of work needs in a few set-based queries: fix the N+1 loops first, " +
                "batch the writes, and cache what does not change during the request.",
        }));
    }
}
