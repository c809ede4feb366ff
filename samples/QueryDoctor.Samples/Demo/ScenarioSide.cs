namespace QueryDoctor.Samples.Demo;

/// <summary>One measured run of a scenario inside its own QueryDoctor scope.</summary>
/// <param name="Queries">Statements executed in the scope.</param>
/// <param name="Milliseconds">Wall-clock time of the run: the median of up to five warm runs (three or more unless a run is slow).</param>
/// <param name="Findings">What QueryDoctor's scope rules found in the run.</param>
/// <param name="Plan">For index scenarios: the plan of the optimised query on this side's schema.</param>
public sealed record ScenarioSide(int Queries, double Milliseconds, IReadOnlyList<Finding> Findings, string? Plan)
{
    /// <summary>The distinct rule ids of <see cref="Findings"/>, in rule order.</summary>
    public IReadOnlyList<string> Rules { get; } = [.. Findings.Select(f => f.Rule).Distinct(StringComparer.Ordinal)];
}
