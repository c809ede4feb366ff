using QueryDoctor.Detection;

namespace QueryDoctor.Inspection;

/// <summary>The catalogue of database rules (for help, SARIF and docs).</summary>
public static class DatabaseRules
{
    /// <summary>Every database rule, in report order.</summary>
    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        new(DatabaseRuleIds.UnindexedForeignKey, Severity.Warning, "Unindexed foreign key",
            "A foreign key's columns lead no index and not the primary key: joins on it and deletes of the referenced rows scan the table.",
            null),
        new(DatabaseRuleIds.RedundantIndex, Severity.Warning, "Redundant index",
            "An index whose columns are a leading prefix of another index on the same table (or an exact duplicate): it costs writes and space and serves nothing the other does not.",
            null),
        new(DatabaseRuleIds.MissingPrimaryKey, Severity.Warning, "Missing primary key",
            "A table without a declared primary key: rows cannot be addressed reliably and ORMs cannot track them.",
            null),
        new(DatabaseRuleIds.UnusedIndex, Severity.Info, "Unused index",
            "PostgreSQL: a non-unique index never scanned since statistics were reset: it costs every write and serves no read.",
            null),
        new(DatabaseRuleIds.FullScan, Severity.Warning, "Full table scan",
            "A SELECT filters a large table but its plan reads every row: no index serves the filter.",
            "rows"),
        new(DatabaseRuleIds.MissingIndex, Severity.Warning, "Missing index",
            "The index advisor found an index that serves statements of the workload which scan or sort today, and proved it with a what-if plan.",
            "indexes"),
    ];

    /// <summary>Finds a database rule by id.</summary>
    /// <param name="id">The rule id.</param>
    /// <returns>The rule, or <see langword="null"/> when there is no such database rule.</returns>
    public static RuleDescriptor? Find(string id) =>
        All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.Ordinal));
}
