using QueryDoctor.Recording;

namespace QueryDoctor.Capture;

/// <summary>
/// Lets a source that knows more than the SQL (EF Core's model, a user's own domain) reword findings and add its
/// own when a scope ends, before they reach the sinks. Added with <see cref="QueryCapture.AddEnricher(IFindingEnricher)"/>.
/// Runs inside the capture's safety net: a throwing enricher is logged once and skipped, and suppressions still
/// apply to what it returns.
/// </summary>
public interface IFindingEnricher
{
    /// <summary>Returns the scope's findings, reworded, filtered or added to.</summary>
    /// <param name="context">The finished scope, its findings so far and the notes its commands left.</param>
    /// <returns>The findings to report; <see cref="FindingEnrichmentContext.Findings"/> itself when nothing changes.</returns>
    IReadOnlyList<Finding> Enrich(FindingEnrichmentContext context);
}
