namespace QueryDoctor;

/// <summary>
/// One problem found, with its evidence and what to do about it. <see cref="Rule"/>,
/// <see cref="Severity"/> and <see cref="Message"/> are always set; the evidence properties are set
/// where they mean something for the rule.
/// </summary>
public sealed record Finding
{
    /// <summary>The stable kebab-case rule id, e.g. <c>n-plus-one</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>How much it matters (configurable per rule).</summary>
    public required Severity Severity { get; init; }

    /// <summary>One sentence saying what was found.</summary>
    public required string Message { get; init; }

    /// <summary>The scope (request, job, test) the finding belongs to; <see langword="null"/> for database findings.</summary>
    public string? Scope { get; init; }

    /// <summary>How many statements (or round trips) make up the finding.</summary>
    public int? Count { get; init; }

    /// <summary>The <see cref="Sql.SqlFingerprint.Id"/> of the statement shape concerned.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The normalised statement text (values replaced: safe to show).</summary>
    public string? Sql { get; init; }

    /// <summary>The user code that issued the statements.</summary>
    public string? CallSite { get; init; }

    /// <summary>
    /// The user frames that called <see cref="CallSite"/>, innermost first (up to two more, so the loop's line shows when
    /// the statement is issued by a shared method); <see langword="null"/> when the stack held no further user frame.
    /// </summary>
    public IReadOnlyList<string>? Callers { get; init; }

    /// <summary>
    /// How many distinct sets of parameter values the statements ran with (<see cref="Count"/> minus this are repeats
    /// of a value already queried); <see langword="null"/> when the values were unknown.
    /// </summary>
    public int? DistinctValues { get; init; }

    /// <summary>Further call sites involved, beyond <see cref="CallSite"/>.</summary>
    public IReadOnlyList<string>? OtherCallSites { get; init; }

    /// <summary>The table concerned, unquoted, as the schema spells it.</summary>
    public string? Table { get; init; }

    /// <summary>The columns concerned, in order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Time in milliseconds: the total of the statements concerned, or the scope's duration.</summary>
    public double? DurationMs { get; init; }

    /// <summary>Rows read, where the rule is about rows.</summary>
    public long? Rows { get; init; }

    /// <summary>What to do about it.</summary>
    public string? Suggestion { get; init; }

    /// <summary>DDL that fixes it, where a schema change does.</summary>
    public string? Ddl { get; init; }

    /// <summary>Every statement shape concerned, where there are several (the advisor's served fingerprints).</summary>
    public IReadOnlyList<string>? Fingerprints { get; init; }

    /// <summary>The database's plan before the fix (its own text: SQLite detail lines, PostgreSQL JSON).</summary>
    public string? PlanBefore { get; init; }

    /// <summary>The plan with the fix in place (for the advisor: the what-if plan).</summary>
    public string? PlanAfter { get; init; }

    /// <summary>
    /// For a scope finding aggregated across scope instances: in how many instances of <see cref="Scope"/> it fired.
    /// <see langword="null"/> for a finding of one instance and for database findings.
    /// </summary>
    public int? Occurrences { get; init; }

    /// <summary>
    /// For a scope finding aggregated across scope instances: how many instances of <see cref="Scope"/> were judged
    /// (so "in <see cref="Occurrences"/> of <see cref="Instances"/> requests"). <see cref="Count"/> is then the
    /// largest count in one instance.
    /// </summary>
    public int? Instances { get; init; }

    /// <summary>Up to three scope ids (<c>scopeId</c>) of instances the finding fired in; <see langword="null"/> when none were given.</summary>
    public IReadOnlyList<string>? Examples { get; init; }
}
