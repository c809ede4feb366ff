using System.Diagnostics;
using QueryDoctor.Capture;
using QueryDoctor.Recording;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Demo;

/// <summary>
/// Behind <c>querydoctor demo</c>: seeds each system's database, runs every scenario naive then optimised,
/// each in its own <see cref="QueryDoctorScope"/>, recorded by the live capture (<c>UseQueryDoctor</c>), which judges each
/// scope with the same rules <c>analyze</c> runs when it ends.
/// Each side first runs once as a warm-up (in a scope whose report is thrown away), so EF Core's
/// first-query costs are not charged to the naive side; the time reported is the median of the warm runs.
/// </summary>
public static class DemoRunner
{
    private const int MaxMeasuredRuns = 5;
    private const double SlowBudgetMs = 1500;
    private const double FastBudgetMs = 100;

    /// <summary>Every scenario id, in run order (the ids of the published demo contract).</summary>
    public static IReadOnlyList<string> ScenarioIds { get; } =
    [
        "timeledger.detect-phase-transitions.7d",
        "timeledger.detect-phase-transitions.30d",
        "timeledger.detect-phase-transitions.90d",
        "timeledger.expand-rules.10",
        "datetree.calendar-overview",
        "datetree.permission-check",
        "datetree.vote-count",
        "datetree.events-in-range",
        "studio.project-list",
        "studio.cleanup",
    ];

    /// <summary>Runs the demo.</summary>
    /// <param name="options">Scale, database and progress; defaults when <see langword="null"/>.</param>
    /// <returns>The measured scenarios.</returns>
    /// <exception cref="ArgumentException">The scale is below 1.</exception>
    /// <exception cref="DemoDatabaseException">The PostgreSQL connection string is malformed or the server cannot be reached.</exception>
    public static DemoReport Run(DemoOptions? options = null)
    {
        options ??= new DemoOptions();
        if (options.Scale < 1)
        {
            throw new ArgumentException("scale must be at least 1", nameof(options));
        }

        if (options.PostgresConnectionString is { } connectionString)
        {
            SampleDatabase.CheckPostgres(connectionString);
        }

        var folder = Path.Combine(Path.GetTempPath(), "querydoctor-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var results = new List<ScenarioResult>();
        try
        {
            IDemoSystem[] systems = [new TimeLedgerDemo(), new DateTreeDemo(), new StudioDemo(folder)];
            foreach (var system in systems)
            {
                if (options.Only.Count > 0 && !options.Only.Any(p => p.StartsWith(system.Name, StringComparison.Ordinal) || system.Name.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                using var database = SampleDatabase.Open(system.Name, folder, options.PostgresConnectionString);
                options.Progress?.Invoke($"{system.Title}: generating data (scale {options.Scale})");
                system.Seed(database, options.Scale);
                if (database.IsPostgres)
                {
                    // Fresh tables have no statistics; PostgreSQL's planner needs them to choose the indexes.
                    database.Analyze();
                }

                foreach (var scenario in system.Scenarios(database, options.Scale))
                {
                    if (options.Only.Count > 0 && !options.Only.Any(p => scenario.Id.StartsWith(p, StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    options.Progress?.Invoke($"{system.Title}: {scenario.Id}");
                    results.Add(Run(system, database, scenario));
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }

        return new DemoReport(options.PostgresConnectionString is null ? "sqlite" : "postgresql", options.Scale, results);
    }

    private static ScenarioResult Run(IDemoSystem system, SampleDatabase database, DemoScenario scenario)
    {
        var (before, _) = RunSide(database, scenario, scenario.Id + " (naive)", scenario.NaiveSchema, scenario.Naive);
        var (after, afterScope) = RunSide(database, scenario, scenario.Id + " (optimised)", scenario.OptimisedSchema, scenario.Optimised);
        if (scenario.PlannedQuery?.Invoke(afterScope) is { } planned)
        {
            var parameters = (planned.Parameters ?? []).Select(p => (p.Name ?? "", p.Value ?? DBNull.Value)).ToArray();
            var afterPlan = database.Explain(planned.Sql, parameters);
            ApplySchema(database, scenario.NaiveSchema);
            var beforePlan = database.Explain(planned.Sql, parameters);
            ApplySchema(database, scenario.OptimisedSchema);
            before = before with { Plan = beforePlan };
            after = after with { Plan = afterPlan };
        }

        return new ScenarioResult(scenario.Id, system.Title, scenario.Title, before, after);
    }

    private static (ScenarioSide Side, QueryScope Scope) RunSide(
        SampleDatabase database, DemoScenario scenario, string scopeName, string? schema, Action run)
    {
        ApplySchema(database, schema);

        // The warm-up runs in a scope whose report is thrown away, so the capture's own first-call costs are paid here too.
        scenario.Prepare?.Invoke();
        using (QueryDoctorScope.Begin(scopeName + " (warm-up)"))
        {
            run();
        }

        // Measured runs: up to 3 while they take under 1.5 s in all, up to 5 while under 100 ms; the time reported
        // is their median, so one stalled run (a background JIT, a busy machine) does not set the number.
        // Every run issues the same statements; the first run's report is the one shown. The clock covers the
        // scenario only: the scope begins before it starts and is judged (disposed) after it stops.
        var times = new List<double>();
        ScopeReport? report = null;
        do
        {
            scenario.Prepare?.Invoke();
            var scope = QueryDoctorScope.Begin(scopeName);
            long start;
            TimeSpan elapsed;
            try
            {
                start = Stopwatch.GetTimestamp();
                run();
                elapsed = Stopwatch.GetElapsedTime(start);
            }
            finally
            {
                scope.Dispose();
            }

            times.Add(elapsed.TotalMilliseconds);
            report ??= ReportOf(scope);
        }
        while (times.Count < MaxMeasuredRuns && times.Sum() < (times.Count < 3 ? SlowBudgetMs : FastBudgetMs));

        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        var recorded = report?.Scope ?? new QueryScopeBuilder(scopeName).Build();
        return (new ScenarioSide(recorded.StatementCount, median, report?.Findings ?? [], null), recorded);
    }

    /// <summary>The report of an ended scope (one capture per database); none when the scope sent no command.</summary>
    private static ScopeReport? ReportOf(QueryDoctorScope scope) =>
        scope.Reports.Count > 0 ? scope.Reports[0] : null;

    private static void ApplySchema(SampleDatabase database, string? schema)
    {
        if (schema is not null)
        {
            database.Execute(schema);
        }
    }
}
