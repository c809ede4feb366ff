namespace QueryDoctor.Reporting;

/// <summary>A row of a <see cref="ComparisonTable"/>: its cells and the values its charts draw (<see langword="null"/>: that side did not run).</summary>
/// <param name="Label">The row's label in the charts: the scope or scenario.</param>
/// <param name="Cells">One cell per column.</param>
/// <param name="QueriesBefore">Queries before.</param>
/// <param name="QueriesAfter">Queries after.</param>
/// <param name="MillisecondsBefore">Milliseconds before.</param>
/// <param name="MillisecondsAfter">Milliseconds after.</param>
public sealed record ComparisonRow(
    string Label, IReadOnlyList<ComparisonCell> Cells, double? QueriesBefore, double? QueriesAfter, double? MillisecondsBefore, double? MillisecondsAfter);
