namespace QueryDoctor.Reporting.Charts;

/// <summary>One pair of a <see cref="BeforeAfterChart"/>: a label and the values before and after (<see langword="null"/>: that side did not run).</summary>
public sealed record BeforeAfterRow
{
    /// <summary>The scope or scenario.</summary>
    public required string Label { get; init; }

    /// <summary>The value before the change.</summary>
    public double? Before { get; init; }

    /// <summary>The value after the change.</summary>
    public double? After { get; init; }
}
