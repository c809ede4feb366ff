using QueryDoctor.Recording;

namespace QueryDoctor.Reporting;

/// <summary>Lines up two analysed runs scope by scope: the before/after table of queries and time.</summary>
public static class WorkloadComparison
{
    /// <summary>
    /// Compares two reports per scope name: queries and time of one instance (median and 95th percentile over the
    /// name's instances). Scopes appear in the first run's order, then scopes new in the second.
    /// </summary>
    /// <param name="before">The first run.</param>
    /// <param name="after">The second run.</param>
    /// <returns>One row per scope name.</returns>
    public static IReadOnlyList<ScopeComparison> Compare(AnalysisReport before, AnalysisReport after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var beforeTotals = Totals(before);
        var afterTotals = Totals(after);
        var rows = new List<ScopeComparison>();
        foreach (var (scope, totals) in beforeTotals)
        {
            rows.Add(new ScopeComparison { Scope = scope, Before = totals, After = afterTotals.FirstOrDefault(a => a.Scope == scope).Totals });
        }

        foreach (var (scope, totals) in afterTotals)
        {
            if (!beforeTotals.Exists(b => b.Scope == scope))
            {
                rows.Add(new ScopeComparison { Scope = scope, After = totals });
            }
        }

        return rows;
    }

    /// <summary>A scope's totals within a report.</summary>
    /// <param name="report">The report the scope belongs to.</param>
    /// <param name="scope">The scope.</param>
    /// <returns>Its queries, time and finding rule ids.</returns>
    public static ScopeTotals Totals(AnalysisReport report, QueryScope scope)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(scope);
        var time = scope.Duration ?? scope.TotalDuration;
        var rules = report.Findings.Where(f => f.Scope == scope.Name).Select(f => f.Rule).Distinct(StringComparer.Ordinal).ToList();
        var ms = Math.Round(time.TotalMilliseconds, 3);
        return new ScopeTotals
        {
            Queries = scope.RoundTrips,
            Milliseconds = ms,
            Findings = rules,
            QueriesMedian = scope.RoundTrips,
            QueriesP95 = scope.RoundTrips,
            MillisecondsP95 = ms,
        };
    }

    /// <summary>A scope name's totals within a report, per instance (median and 95th percentile).</summary>
    /// <param name="report">The report the scope belongs to.</param>
    /// <param name="summary">The scope's summary.</param>
    /// <returns>Its queries, time and finding rule ids.</returns>
    public static ScopeTotals Totals(AnalysisReport report, Analysis.ScopeSummary summary)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(summary);
        var rules = report.Findings.Where(f => f.Scope == summary.Name).Select(f => f.Rule).Distinct(StringComparer.Ordinal).ToList();
        return new ScopeTotals
        {
            Queries = (int)Math.Round(summary.QueriesMedian, MidpointRounding.AwayFromZero),
            Milliseconds = summary.MillisecondsMedian,
            Findings = rules,
            Instances = summary.Instances,
            QueriesMedian = summary.QueriesMedian,
            QueriesP95 = summary.QueriesP95,
            MillisecondsP95 = summary.MillisecondsP95,
        };
    }

    private static List<(string Scope, ScopeTotals Totals)> Totals(AnalysisReport report) =>
        report.ScopeSummaries.Count > 0
            ? [.. report.ScopeSummaries.Select(s => (s.Name, Totals(report, s)))]
            : [.. report.Scopes.Select(s => (s.Name, Totals(report, s)))];
}
