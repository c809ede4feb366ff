namespace QueryDoctor.Inspection;

/// <summary>
/// A provider-neutral query plan: how each table is read and whether a temporary sort is needed,
/// plus the database's own plan text for people to read.
/// </summary>
public sealed record QueryPlan
{
    /// <summary>The engine that produced the plan.</summary>
    public required DatabaseProvider Provider { get; init; }

    /// <summary>The table reads, in plan order.</summary>
    public required IReadOnlyList<TableAccess> Accesses { get; init; }

    /// <summary>Whether rows are sorted after reading (SQLite <c>USE TEMP B-TREE</c>, PostgreSQL <c>Sort</c>) instead of coming out of an index in order.</summary>
    public required bool HasTempSort { get; init; }

    /// <summary>The plan as the database printed it (SQLite detail lines, PostgreSQL JSON).</summary>
    public required string Text { get; init; }
}
