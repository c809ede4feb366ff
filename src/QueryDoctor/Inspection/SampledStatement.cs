namespace QueryDoctor.Inspection;

/// <summary>One statement shape of a workload, as the plan-based rules see it: a sample to explain and its totals.</summary>
internal sealed record SampledStatement
{
    /// <summary>The statement's shape.</summary>
    public required Sql.SqlFingerprint Fingerprint { get; init; }

    /// <summary>One executed text of the shape, with its parameters, to explain.</summary>
    public required QueryEvent Sample { get; init; }

    /// <summary>The first scope the statement ran in.</summary>
    public string? Scope { get; init; }

    /// <summary>The call site of the first group of the shape.</summary>
    public CallSite CallSite { get; init; } = CallSite.Unknown;

    /// <summary>How many times the shape ran, over all scopes.</summary>
    public int Count { get; init; }

    /// <summary>The time the shape took, over all scopes.</summary>
    public TimeSpan TotalDuration { get; init; }
}
