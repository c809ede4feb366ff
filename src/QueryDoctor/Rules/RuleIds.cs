namespace QueryDoctor.Rules;

/// <summary>
/// Every stable rule id (scope, live and database rules). They appear in every report and never change
/// meaning; new rules get new ids. What each rule is: <see cref="RuleCatalogue"/>.
/// </summary>
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

    /// <summary>Live only (EF Core): one query loads two or more sibling collection navigations, so rows multiply.</summary>
    public const string CartesianExplosion = "cartesian-explosion";

    /// <summary>A foreign key whose columns lead no index and not the primary key.</summary>
    public const string UnindexedForeignKey = "unindexed-foreign-key";

    /// <summary>An index whose columns are a leading prefix of another index on the same table, or an exact duplicate.</summary>
    public const string RedundantIndex = "redundant-index";

    /// <summary>A table without a declared primary key.</summary>
    public const string MissingPrimaryKey = "missing-primary-key";

    /// <summary>PostgreSQL: a non-unique index never scanned since statistics were reset.</summary>
    public const string UnusedIndex = "unused-index";

    /// <summary>A workload SELECT whose plan scans a filtered, large table without an index.</summary>
    public const string FullScan = "full-scan";

    /// <summary>The index advisor proved, with a what-if plan, an index the workload lacks.</summary>
    public const string MissingIndex = "missing-index";
}
