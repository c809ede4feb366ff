namespace QueryDoctor.Inspection;

/// <summary>The stable ids of the database rules. They appear in every report and never change meaning.</summary>
public static class DatabaseRuleIds
{
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

    /// <summary><c>missing-index</c>: the index advisor proved, with a what-if plan, an index the workload lacks.</summary>
    public const string MissingIndex = "missing-index";
}
