namespace QueryDoctor.Reporting;

/// <summary>One scope before and after a change; a side is <see langword="null"/> when the scope ran only in the other.</summary>
/// <param name="Scope">The scope's name.</param>
/// <param name="Before">The scope in the first run.</param>
/// <param name="After">The scope in the second run.</param>
public sealed record ScopeComparison(string Scope, ScopeTotals? Before, ScopeTotals? After);
