using QueryDoctor.Capture;
using QueryDoctor.Recording;

namespace QueryDoctor.Samples.Demo;

/// <summary>What a system's naive code sends to the database, captured live: the workload the index advisor is given.</summary>
internal static class NaiveWorkload
{
    /// <summary>
    /// Runs every scenario's naive side in a scope of its own (after its <see cref="DemoScenario.Prepare"/>) and returns
    /// the captured scopes. A scenario with a <c>Prepare</c> changes data, so it is prepared again afterwards: the
    /// database reads the same as before the capture.
    /// </summary>
    public static List<QueryScope> Capture(IEnumerable<DemoScenario> scenarios)
    {
        var scopes = new List<QueryScope>();
        foreach (var scenario in scenarios)
        {
            scenario.Prepare?.Invoke();
            var scope = QueryDoctorScope.Begin(scenario.Id);
            try
            {
                scenario.Naive();
            }
            finally
            {
                scope.Dispose();
            }

            scopes.AddRange(scope.Reports.Select(r => r.Scope));
            scenario.Prepare?.Invoke();
        }

        return scopes;
    }
}
