namespace QueryDoctor.Reporting;

/// <summary>One scope before and after a change; a side is <see langword="null"/> when the scope ran only in the other.</summary>
public sealed record ScopeComparison
{
    /// <summary>The scope's name.</summary>
    public required string Scope { get; init; }

    /// <summary>The scope in the first run.</summary>
    public ScopeTotals? Before { get; init; }

    /// <summary>The scope in the second run.</summary>
    public ScopeTotals? After { get; init; }
}
