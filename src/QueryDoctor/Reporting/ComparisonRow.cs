namespace QueryDoctor.Reporting;

/// <summary>A row of a <see cref="ComparisonTable"/>: its cells and the values its charts draw (<see langword="null"/>: that side did not run).</summary>
public sealed record ComparisonRow
{
    /// <summary>The row's label in the charts: the scope or scenario.</summary>
    public required string Label { get; init; }

    /// <summary>One cell per column.</summary>
    public required IReadOnlyList<ComparisonCell> Cells { get; init; }

    /// <summary>Queries before.</summary>
    public double? QueriesBefore { get; init; }

    /// <summary>Queries after.</summary>
    public double? QueriesAfter { get; init; }

    /// <summary>Milliseconds before.</summary>
    public double? MillisecondsBefore { get; init; }

    /// <summary>Milliseconds after.</summary>
    public double? MillisecondsAfter { get; init; }
}
