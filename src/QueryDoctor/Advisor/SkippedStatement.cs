namespace QueryDoctor.Advisor;

/// <summary>A statement of a workload that was not planned, and why: listed, never dropped silently.</summary>
public sealed record SkippedStatement
{
    /// <summary>The statement as the source recorded it (normalised for pg_stat_statements).</summary>
    public required string Sql { get; init; }

    /// <summary>Why it was left out, in one line.</summary>
    public required string Reason { get; init; }
}
