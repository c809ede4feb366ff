namespace QueryDoctor.Advisor;

/// <summary>A statement of a workload that was not planned, and why: listed, never dropped silently.</summary>
/// <param name="Sql">The statement as the source recorded it (normalised for pg_stat_statements).</param>
/// <param name="Reason">Why it was left out, in one line.</param>
public sealed record SkippedStatement(string Sql, string Reason);
