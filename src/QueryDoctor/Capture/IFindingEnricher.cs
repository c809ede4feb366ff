using QueryDoctor.Recording;

namespace QueryDoctor.Capture;

/// <summary>
/// Lets an integration that knows more than the SQL (EF Core's model) reword findings and add its own
/// when a scope ends. Runs inside the capture's safety net: a throwing enricher is logged once and skipped.
/// </summary>
internal interface IFindingEnricher
{
    IReadOnlyList<Finding> Enrich(QueryScope scope, IReadOnlyList<Finding> findings, ScopeRecording recording);
}
