using QueryDoctor.Rules;

namespace QueryDoctor.Detection.SlowScope;

/// <summary><c>slow-scope</c>: a scope (request, job) whose own duration is at or above the threshold.</summary>
internal sealed class SlowScopeDetector : DraftingDetector
{
    public override void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var scope = context.Scope;
        var threshold = context.Options.SlowScopeThreshold;
        if (scope.Duration is not { } duration || duration < threshold)
        {
            return;
        }

        var dbShare = scope.TotalDuration > TimeSpan.Zero
            ? $"; {scope.StatementCount} statements took {FindingText.Ms(scope.TotalDuration)} of it"
            : scope.StatementCount > 0 ? $"; it ran {scope.StatementCount} statements" : "";
        drafts.Add(new FindingDraft(new Finding
        {
            Rule = RuleIds.SlowScope,
            Severity = context.Options.SeverityOf(RuleIds.SlowScope),
            Scope = scope.Name,
            Message = $"{scope.Name} took {FindingText.Ms(duration)} (threshold {FindingText.Ms(threshold)}){dbShare}",
            Count = scope.StatementCount,
            DurationMs = Math.Round(duration.TotalMilliseconds, 3),
            Suggestion = scope.TotalDuration >= duration / 2
                ? "Most of the time is in the database: fix this scope's other findings (N+1, slow queries) first."
                : "Most of the time is outside the database: profile the code path (CPU, external calls, serialization).",
        }));
    }
}
