using QueryDoctor.Analysis;
using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Reporting;

/// <summary>The outcome of one analysis: the findings plus what was analysed.</summary>
public sealed record AnalysisReport
{
    /// <summary>The findings, grouped by scope in order of first appearance, then in rule order.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>
    /// Findings taken out of <see cref="Findings"/> by suppressions (configured, or <c>querydoctor:allow</c>
    /// comments in the statements), with what suppressed each.
    /// </summary>
    public IReadOnlyList<SuppressedFinding> Suppressed { get; init; } = [];

    /// <summary>
    /// The scope instances themselves, where the producer kept them (an in-memory <c>WorkloadRecorder</c>, the
    /// dashboard's recent requests); empty for a streamed analysis, which keeps no instance
    /// (<see cref="ScopeSummaries"/> is always filled by <see cref="ScopeInstanceAnalyzer"/>).
    /// </summary>
    public IReadOnlyList<QueryScope> Scopes { get; init; } = [];

    /// <summary>One entry per scope name, in order of first judgement: instances, statements and time per instance.</summary>
    public IReadOnlyList<ScopeSummary> ScopeSummaries { get; init; } = [];

    /// <summary>Scope instances judged (for an event log without <c>scopeId</c>: one per scope name).</summary>
    public long ScopeInstances { get; init; }

    /// <summary>Lines (statements, or a repeated scope line) that arrived for an instance already judged: counted, never judged.</summary>
    public long LateEvents { get; init; }

    /// <summary>Instances judged before they ended, because more instances were open than the bound allows.</summary>
    public long JudgedEarly { get; init; }

    /// <summary>Scope names analysed: <see cref="ScopeSummaries"/>, else the distinct names of <see cref="Scopes"/>.</summary>
    public int ScopeCount => ScopeSummaries.Count > 0 ? ScopeSummaries.Count : Scopes.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count();

    /// <summary>The statement shapes of a streamed analysis with their totals and first kept event, for plan-based rules.</summary>
    internal IReadOnlyList<WorkloadShape>? Workload { get; init; }

    /// <summary>Events (statements) analysed.</summary>
    public long EventCount { get; init; }

    /// <summary>
    /// Findings a baseline already held (<see cref="ApplyBaseline"/>): listed in reports, but not in
    /// <see cref="Findings"/>, so they neither fail the run nor count as new.
    /// </summary>
    public IReadOnlyList<Finding> Baselined { get; init; } = [];

    /// <summary>Whether a baseline was applied, so reports can say which findings are new.</summary>
    public bool HasBaseline { get; init; }

    /// <summary>Input lines skipped as invalid.</summary>
    public long SkippedLines { get; init; }

    /// <summary>The first few skipped lines, as <c>file:line: reason</c>.</summary>
    public IReadOnlyList<string> SkippedExamples { get; init; } = [];
    /// <summary>What was read from OpenTelemetry traces (spans, instances, orphans, drops), when the input was traces.</summary>
    public Otlp.TraceInputSummary? Traces { get; init; }

    /// <summary>One executed text per SELECT shape, by fingerprint id, for plan-based rules (event logs keep no raw events).</summary>
    internal IReadOnlyDictionary<string, string>? StatementSamples { get; init; }

    /// <summary>
    /// Moves the findings a suppression covers from <see cref="Findings"/> to <see cref="Suppressed"/>: for
    /// findings made after the scope rules (database rules, the advisor), which the analyzer's own
    /// suppressions never saw.
    /// </summary>
    /// <param name="suppressions">The suppressions.</param>
    /// <returns>The report without the suppressed findings.</returns>
    public AnalysisReport ApplySuppressions(IEnumerable<Suppression> suppressions)
    {
        ArgumentNullException.ThrowIfNull(suppressions);
        var list = suppressions.ToList();
        if (list.Count == 0)
        {
            return this;
        }

        var kept = new List<Finding>(Findings.Count);
        var suppressed = new List<SuppressedFinding>(Suppressed);
        foreach (var finding in Findings)
        {
            if (list.FirstOrDefault(s => s.Matches(finding)) is { } by)
            {
                suppressed.Add(new SuppressedFinding { Finding = finding, By = by.ToString() });
            }
            else
            {
                kept.Add(finding);
            }
        }

        return kept.Count == Findings.Count ? this : this with { Findings = kept, Suppressed = suppressed };
    }

    /// <summary>Moves the findings the baseline holds from <see cref="Findings"/> to <see cref="Baselined"/>.</summary>
    /// <param name="baseline">The accepted findings.</param>
    /// <returns>A report whose <see cref="Findings"/> are only the new ones.</returns>
    public AnalysisReport ApplyBaseline(FindingBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var (fresh, known) = baseline.Partition(Findings);
        return this with { Findings = fresh, Baselined = [.. Baselined, .. known], HasBaseline = true };
    }

    /// <summary>Counts of findings per rule id, in order of first appearance.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CountByRule()
    {
        var counts = new List<KeyValuePair<string, int>>();
        foreach (var finding in Findings)
        {
            var index = counts.FindIndex(c => c.Key == finding.Rule);
            if (index < 0)
            {
                counts.Add(new(finding.Rule, 1));
            }
            else
            {
                counts[index] = new(finding.Rule, counts[index].Value + 1);
            }
        }

        return counts;
    }

    /// <summary>The highest severity among the findings, or <see langword="null"/> when there are none.</summary>
    public Severity? HighestSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);
}
