namespace QueryDoctor.Detection;

/// <summary>The stable rule ids. They appear in every report and never change meaning.</summary>
public static class RuleIds
{
    /// <summary>The same SELECT shape from one call site, once per item.</summary>
    public const string NPlusOne = "n-plus-one";

    /// <summary>The same INSERT/UPDATE/DELETE shape from one call site, once per item.</summary>
    public const string NPlusOneWrite = "n-plus-one-write";

    /// <summary>The same statement with the same values, more than once in one scope.</summary>
    public const string DuplicateQuery = "duplicate-query";

    /// <summary>A scope with more statements than the budget.</summary>
    public const string TooManyQueries = "too-many-queries";

    /// <summary>A statement slower than the threshold.</summary>
    public const string SlowQuery = "slow-query";

    /// <summary>A scope (request, job) slower than the threshold.</summary>
    public const string SlowScope = "slow-scope";

    /// <summary>A SELECT without a row limit that read many rows.</summary>
    public const string UnboundedResult = "unbounded-result";

    /// <summary>A SELECT that checks for a row, then an INSERT of that row: a race without a unique index.</summary>
    public const string CheckThenInsert = "check-then-insert";

    /// <summary>Live only (EF Core): one query joins two or more collections, sending every combination of their rows.</summary>
    public const string CartesianExplosion = "cartesian-explosion";
}
