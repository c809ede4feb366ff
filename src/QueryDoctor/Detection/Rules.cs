namespace QueryDoctor.Detection;

/// <summary>The catalogue of scope rules.</summary>
public static class Rules
{
    /// <summary>Every scope rule, in report order.</summary>
    public static IReadOnlyList<RuleDescriptor> Scope { get; } =
    [
        new(RuleIds.NPlusOne, Severity.Warning, "N+1 query",
            "The same SELECT from one call site once per item: one query per loop iteration instead of one for the whole set.",
            "statements"),
        new(RuleIds.NPlusOneWrite, Severity.Warning, "N+1 write",
            "The same INSERT/UPDATE/DELETE from one call site once per item instead of one batched or set-based statement.",
            "round trips"),
        new(RuleIds.DuplicateQuery, Severity.Info, "Duplicate query",
            "The same statement with the same values ran more than once in one unit of work.",
            "statements"),
        new(RuleIds.TooManyQueries, Severity.Warning, "Too many queries",
            "A unit of work sent more statements to the database than its budget.",
            "statements"),
        new(RuleIds.SlowQuery, Severity.Warning, "Slow query",
            "A statement took longer than the threshold.",
            "milliseconds"),
        new(RuleIds.SlowScope, Severity.Warning, "Slow request or job",
            "A unit of work (request, job) took longer than the threshold.",
            "milliseconds"),
        new(RuleIds.UnboundedResult, Severity.Warning, "Unbounded result",
            "A SELECT without LIMIT/TOP/FETCH read many rows: paginate or bound it.",
            "rows"),
        new(RuleIds.CheckThenInsert, Severity.Warning, "Check then insert",
            "A SELECT checks whether a row exists, then an INSERT adds it: concurrent callers race; enforce uniqueness in the database.",
            null),
    ];

    /// <summary>Finds a scope rule by id.</summary>
    /// <param name="id">The rule id.</param>
    /// <returns>The rule, or <see langword="null"/> when there is no such scope rule.</returns>
    public static RuleDescriptor? Find(string id)
    {
        foreach (var rule in Scope)
        {
            if (string.Equals(rule.Id, id, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        return null;
    }
}
