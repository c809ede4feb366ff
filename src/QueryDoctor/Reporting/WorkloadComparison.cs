namespace QueryDoctor.Reporting;

/// <summary>Lines up two analysed runs scope by scope: the before/after table of queries and time.</summary>
public static class WorkloadComparison
{
    /// <summary>Compares two reports. Scopes appear in the first run's order, then scopes new in the second.</summary>
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
            rows.Add(new ScopeComparison(scope, totals, afterTotals.FirstOrDefault(a => a.Scope == scope).Totals));
        }

        foreach (var (scope, totals) in afterTotals)
        {
            if (!beforeTotals.Exists(b => b.Scope == scope))
            {
                rows.Add(new ScopeComparison(scope, null, totals));
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
        return new ScopeTotals(scope.RoundTrips, Math.Round(time.TotalMilliseconds, 3), rules);
    }

    private static List<(string Scope, ScopeTotals Totals)> Totals(AnalysisReport report) =>
        [.. report.Scopes.Select(s => (s.Name, Totals(report, s)))];
}
