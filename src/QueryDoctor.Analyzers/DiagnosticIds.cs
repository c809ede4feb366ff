namespace QueryDoctor.Analyzers;

/// <summary>
/// The analyzer's diagnostic ids. Ids are stable: appended, never renumbered or reused. Each one matches a runtime rule
/// (docs/analyzers.md): QD0001, QD0002 and QD0005 <c>n-plus-one</c>, QD0003 <c>n-plus-one-write</c>, QD0004
/// <c>cartesian-explosion</c>.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>A query executed once per loop iteration or per element of an in-memory sequence.</summary>
    public const string QueryPerIteration = "QD0001";

    /// <summary>An explicit load (<c>Entry(x).Collection(...).Load()</c>) once per iteration.</summary>
    public const string ExplicitLoadPerIteration = "QD0002";

    /// <summary><c>SaveChanges</c>, <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> or raw SQL once per iteration.</summary>
    public const string WritePerIteration = "QD0003";

    /// <summary>Two sibling collection navigations included in one query without <c>AsSplitQuery()</c>.</summary>
    public const string SiblingCollectionIncludes = "QD0004";

    /// <summary>A lazy-loaded navigation read once per iteration from entities a query loaded without it.</summary>
    public const string LazyLoadPerIteration = "QD0005";
}
