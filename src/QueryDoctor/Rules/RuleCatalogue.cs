using System.Collections.Frozen;

namespace QueryDoctor.Rules;

/// <summary>
/// The one catalogue of rules: every id with its kind, default severity, threshold and description.
/// Severity defaults, the command line's rule checks, SARIF's rule list and <c>querydoctor rules</c> all read it.
/// The thresholds shown are the defaults of <c>DetectionOptions</c> and <c>SchemaCheckOptions</c>.
/// </summary>
public static class RuleCatalogue
{
    private static readonly FrozenDictionary<string, RuleDescriptor> ById;

    static RuleCatalogue()
    {
        All =
        [
            Scope(RuleIds.NPlusOne, Severity.Warning, "N+1 query",
                "The same SELECT from one call site once per item: one query per loop iteration instead of one for the whole set.",
                Threshold(RuleIds.NPlusOne, 3, "statements", "at least 3 SELECTs of one shape from one call site")),
            Scope(RuleIds.NPlusOneWrite, Severity.Warning, "N+1 write",
                "The same INSERT/UPDATE/DELETE from one call site once per item instead of one batched or set-based statement.",
                Threshold(RuleIds.NPlusOneWrite, 3, "round trips", "at least 3 writes of one shape from one call site")),
            Scope(RuleIds.DuplicateQuery, Severity.Info, "Duplicate query",
                "The same statement with the same values ran more than once in one unit of work.",
                Threshold(RuleIds.DuplicateQuery, 2, "statements", "at least 2 statements with identical values")),
            Scope(RuleIds.TooManyQueries, Severity.Warning, "Too many queries",
                "A unit of work sent more statements to the database than its budget.",
                Threshold(RuleIds.TooManyQueries, 30, "statements", "more than 30 statements in one scope")),
            Scope(RuleIds.SlowQuery, Severity.Warning, "Slow query",
                "A statement took longer than the threshold.",
                Threshold(RuleIds.SlowQuery, 500, "ms", "a statement of 500 ms or more")),
            Scope(RuleIds.SlowScope, Severity.Warning, "Slow request or job",
                "A unit of work (request, job) took longer than the threshold.",
                Threshold(RuleIds.SlowScope, 1000, "ms", "a scope of 1000 ms or more")),
            Scope(RuleIds.UnboundedResult, Severity.Warning, "Unbounded result",
                "A SELECT without LIMIT/TOP/FETCH read many rows: paginate or bound it.",
                Threshold(RuleIds.UnboundedResult, 1000, "rows", "1000 rows or more read without a row limit")),
            Scope(RuleIds.CheckThenInsert, Severity.Warning, "Check then insert",
                "A SELECT checks whether a row exists, then an INSERT adds it: concurrent callers race; enforce uniqueness in the database.",
                null),
            new RuleDescriptor
            {
                Id = RuleIds.CartesianExplosion,
                Kind = RuleKind.Live,
                DefaultSeverity = Severity.Warning,
                Title = "Cartesian explosion",
                Description = "One EF Core query loads two or more sibling collection navigations, so rows multiply: use AsSplitQuery() or separate loads.",
            },
            Database(RuleIds.UnindexedForeignKey, Severity.Warning, "Unindexed foreign key",
                "A foreign key's columns lead no index and not the primary key: joins on it and deletes of the referenced rows scan the table.",
                null),
            Database(RuleIds.RedundantIndex, Severity.Warning, "Redundant index",
                "An index whose columns are a leading prefix of another index on the same table (or an exact duplicate): it costs writes and space and serves nothing the other does not.",
                null),
            Database(RuleIds.MissingPrimaryKey, Severity.Warning, "Missing primary key",
                "A table without a declared primary key: rows cannot be addressed reliably and ORMs cannot track them.",
                null),
            Database(RuleIds.UnusedIndex, Severity.Info, "Unused index",
                "PostgreSQL: a non-unique index never scanned since statistics were reset: it costs every write and serves no read.",
                null),
            Database(RuleIds.FullScan, Severity.Warning, "Full table scan",
                "A SELECT filters a large table but its plan reads every row: no index serves the filter.",
                Threshold(RuleIds.FullScan, 1000, "rows", "a scanned, filtered table of 1000 rows or more")),
            Database(RuleIds.MissingIndex, Severity.Warning, "Missing index",
                "The index advisor found an index that serves statements of the workload which scan or sort today, and proved it with a what-if plan.",
                new RuleThreshold { Value = 5, Unit = "indexes", Text = "at most 5 indexes recommended", Option = "--max-indexes N" }),
        ];
        ById = All.ToFrozenDictionary(rule => rule.Id, StringComparer.Ordinal);
    }

    /// <summary>Every rule: scope rules, then live, then database rules, each in report order.</summary>
    public static IReadOnlyList<RuleDescriptor> All { get; }

    /// <summary>Finds a rule by id (exact, case-sensitive).</summary>
    /// <param name="id">The rule id.</param>
    /// <returns>The rule, or <see langword="null"/> when there is no such rule.</returns>
    public static RuleDescriptor? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ById.GetValueOrDefault(id);
    }

    /// <summary>Whether <paramref name="id"/> is a rule of <paramref name="kind"/>.</summary>
    /// <param name="id">The rule id.</param>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> when the catalogue has the id with that kind.</returns>
    public static bool Is(string id, RuleKind kind) => Find(id)?.Kind == kind;

    /// <summary>The rules of one kind, in report order.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The rules.</returns>
    public static IReadOnlyList<RuleDescriptor> OfKind(RuleKind kind) => [.. All.Where(rule => rule.Kind == kind)];

    private static RuleDescriptor Scope(string id, Severity severity, string title, string description, RuleThreshold? threshold) =>
        new() { Id = id, Kind = RuleKind.Scope, DefaultSeverity = severity, Title = title, Description = description, Threshold = threshold };

    private static RuleDescriptor Database(string id, Severity severity, string title, string description, RuleThreshold? threshold) =>
        new() { Id = id, Kind = RuleKind.Database, DefaultSeverity = severity, Title = title, Description = description, Threshold = threshold };

    private static RuleThreshold Threshold(string id, double value, string unit, string text) =>
        new() { Value = value, Unit = unit, Text = text, Option = $"--threshold {id}=N" };
}
