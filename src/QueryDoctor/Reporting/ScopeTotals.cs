namespace QueryDoctor.Reporting;

/// <summary>What one scope cost in one run: statements, time and the rules it broke.</summary>
/// <param name="Queries">Statements executed (round trips: a batch counts once).</param>
/// <param name="Milliseconds">The scope's own duration when known, else the total statement time.</param>
/// <param name="Findings">The rule ids of the scope's findings, in rule order, without repeats.</param>
public sealed record ScopeTotals(int Queries, double Milliseconds, IReadOnlyList<string> Findings);
