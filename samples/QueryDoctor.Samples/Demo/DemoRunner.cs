using System.Diagnostics;
using QueryDoctor.Detection;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Demo;

/// <summary>
/// Behind <c>querydoctor demo</c>: seeds each system's database, runs every scenario naive then optimised,
/// each in its own QueryDoctor scope, and judges each scope with the same scope rules <c>analyze</c> runs.
/// Each side first runs once as a warm-up (recorded into a scope that is thrown away), so EF Core's
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
        var analyzer = new ScopeAnalyzer(new DetectionOptions());
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
                    results.Add(Run(system, database, scenario, analyzer));
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

    private static ScenarioResult Run(IDemoSystem system, SampleDatabase database, DemoScenario scenario, ScopeAnalyzer analyzer)
    {
        var (before, _) = RunSide(database, scenario, scenario.Id + " (naive)", scenario.NaiveSchema, scenario.Naive, analyzer);
        var (after, afterScope) = RunSide(database, scenario, scenario.Id + " (optimised)", scenario.OptimisedSchema, scenario.Optimised, analyzer);
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
        SampleDatabase database, DemoScenario scenario, string scopeName, string? schema, Action run, ScopeAnalyzer analyzer)
    {
        ApplySchema(database, schema);

        // The warm-up is recorded into a scope that is thrown away, so the recorder's own first-call costs are paid here too.
        scenario.Prepare?.Invoke();
        database.Recorder.Begin(scopeName + " (warm-up)");
        try
        {
            run();
        }
        finally
        {
            database.Recorder.Current = null;
        }

        // Measured runs: up to 3 while they take under 1.5 s in all, up to 5 while under 100 ms; the time reported
        // is their median, so one stalled run (a background JIT, a busy machine) does not set the number.
        // Every run issues the same statements; the first run's scope is the one judged.
        var times = new List<double>();
        QueryScope? scope = null;
        do
        {
            scenario.Prepare?.Invoke();
            var builder = database.Recorder.Begin(scopeName);
            var start = Stopwatch.GetTimestamp();
            try
            {
                run();
            }
            finally
            {
                database.Recorder.Current = null;
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            scope ??= builder.Build();
        }
        while (times.Count < MaxMeasuredRuns && times.Sum() < (times.Count < 3 ? SlowBudgetMs : FastBudgetMs));

        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        return (new ScenarioSide(scope.StatementCount, median, analyzer.Analyze(scope), null), scope);
    }

    private static void ApplySchema(SampleDatabase database, string? schema)
    {
        if (schema is not null)
        {
            database.Execute(schema);
        }
    }
}
