namespace QueryDoctor.Reporting;

/// <summary>
/// What one scope cost in one run: statements, time and the rules it broke. For a scope of several instances
/// (requests with <c>scopeId</c>), <see cref="Queries"/> and <see cref="Milliseconds"/> are the median of one
/// instance, and the 95th percentiles are given too.
/// </summary>
public sealed record ScopeTotals
{
    /// <summary>Statements executed (round trips: a batch counts once); the median per instance.</summary>
    public required int Queries { get; init; }

    /// <summary>The scope's own duration when known, else the total statement time; the median per instance.</summary>
    public required double Milliseconds { get; init; }

    /// <summary>The rule ids of the scope's findings, in rule order, without repeats.</summary>
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary>Instances of the scope in the run.</summary>
    public int Instances { get; init; } = 1;

    /// <summary>Median round trips per instance (exact, may be a half).</summary>
    public double QueriesMedian { get; init; }

    /// <summary>95th percentile (nearest rank) of round trips per instance.</summary>
    public double QueriesP95 { get; init; }

    /// <summary>95th percentile (nearest rank) of one instance's milliseconds.</summary>
    public double MillisecondsP95 { get; init; }
}
