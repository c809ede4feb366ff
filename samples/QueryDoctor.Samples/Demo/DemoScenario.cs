using QueryDoctor.Recording;

namespace QueryDoctor.Samples.Demo;

/// <summary>A scenario as a system defines it: the naive and the optimised code, and what must hold before each run.</summary>
internal sealed class DemoScenario
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required Action Naive { get; init; }

    public required Action Optimised { get; init; }

    /// <summary>Restores the data before every run (for scenarios that change it). Not recorded.</summary>
    public Action? Prepare { get; init; }

    /// <summary>DDL that gives the schema the naive code ran against (e.g. drops an index).</summary>
    public string? NaiveSchema { get; init; }

    /// <summary>DDL that gives the optimised schema (e.g. creates the index).</summary>
    public string? OptimisedSchema { get; init; }

    /// <summary>Picks, from the optimised run, the query whose plan is shown on both schemas (the index effect).</summary>
    public Func<QueryScope, QueryEvent?>? PlannedQuery { get; init; }
}
