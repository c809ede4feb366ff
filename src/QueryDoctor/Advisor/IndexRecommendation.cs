namespace QueryDoctor.Advisor;

/// <summary>An index the advisor recommends, proved by a what-if plan.</summary>
public sealed record IndexRecommendation
{
    /// <summary>The table, unquoted, as the schema spells it.</summary>
    public required string Table { get; init; }

    /// <summary>The key columns, in order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Which key columns are descending (same length as <see cref="Columns"/>).</summary>
    public required IReadOnlyList<bool> Descending { get; init; }

    /// <summary>The DDL that creates it.</summary>
    public required string Ddl { get; init; }

    /// <summary>The EF Core model configuration that declares it.</summary>
    public required string EfCore { get; init; }

    /// <summary>The fingerprints of the statement shapes whose plan it changes from a scan or sort to an index.</summary>
    public required IReadOnlyList<string> Fingerprints { get; init; }

    /// <summary>How many executions of those shapes the workload had.</summary>
    public required int Executions { get; init; }

    /// <summary>The time those executions took, in milliseconds: what the index stands to save.</summary>
    public required double WorkloadMs { get; init; }

    /// <summary>The plan of the heaviest served statement before the index.</summary>
    public required string PlanBefore { get; init; }

    /// <summary>The plan of the same statement with the index.</summary>
    public required string PlanAfter { get; init; }
}
