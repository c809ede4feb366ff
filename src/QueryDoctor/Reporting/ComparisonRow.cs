namespace QueryDoctor.Reporting;

/// <summary>A row of a <see cref="ComparisonTable"/>: its cells and the values its charts draw.</summary>
internal sealed record ComparisonRow
{
    /// <summary>The row's label in the charts: the scope or scenario.</summary>
    public required string Label { get; init; }

    /// <summary>One cell per column.</summary>
    public required IReadOnlyList<ComparisonCell> Cells { get; init; }

    /// <summary>Queries before; <see langword="null"/> when that side did not run.</summary>
    public double? QueriesBefore { get; init; }

    /// <summary>Queries after; <see langword="null"/> when that side did not run.</summary>
    public double? QueriesAfter { get; init; }

    /// <summary>Milliseconds before; <see langword="null"/> when that side did not run.</summary>
    public double? MillisecondsBefore { get; init; }

    /// <summary>Milliseconds after; <see langword="null"/> when that side did not run.</summary>
    public double? MillisecondsAfter { get; init; }
}
