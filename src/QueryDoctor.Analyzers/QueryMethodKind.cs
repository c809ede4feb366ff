namespace QueryDoctor.Analyzers;

/// <summary>What a LINQ or EF Core method does to the query it is called on.</summary>
internal enum QueryMethodKind
{
    /// <summary>Not a query operator.</summary>
    None,

    /// <summary>Composes: returns a query (or a lazy sequence) and sends nothing.</summary>
    Deferred,

    /// <summary>Runs the query (ToList, First, Count, ToListAsync, Load, ...).</summary>
    Executes,

    /// <summary>Writes without tracking (ExecuteUpdate, ExecuteDelete).</summary>
    Writes,
}
