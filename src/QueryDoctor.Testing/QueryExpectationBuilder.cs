using System.Globalization;
using QueryDoctor.Detection;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Testing;

/// <summary>
/// The expectations for one scope, chained: <c>e => e.AtMostQueries(3).NoNPlusOne().NoFindingsAtOrAbove(Severity.Warning)</c>.
/// Every expectation is checked, and one <see cref="QueryExpectationException"/> lists all that failed.
/// </summary>
public sealed class QueryExpectationBuilder
{
    private readonly List<QueryCheck> _checks = [];
    private readonly List<Suppression> _allowed = [];
    private readonly List<FindingBaseline> _baselines = [];

    internal IReadOnlyList<QueryCheck> Checks => _checks;

    internal IReadOnlyList<Suppression> Allowed => _allowed;

    internal bool IsBaselined(Finding finding) => _baselines.Exists(b => b.Contains(finding));

    /// <summary>The scope may run at most this many statements (every SELECT, INSERT, UPDATE, DELETE and other command).</summary>
    /// <param name="max">The budget.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder AtMostQueries(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        _checks.Add(new QueryBudgetCheck(max, kind: null, roundTrips: false));
        return this;
    }

    /// <summary>The scope may run at most this many statements of one kind, e.g. at most 1 <see cref="SqlStatementKind.Select"/>.</summary>
    /// <param name="max">The budget.</param>
    /// <param name="kind">The statements counted.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder AtMostQueries(int max, SqlStatementKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        _checks.Add(new QueryBudgetCheck(max, kind, roundTrips: false));
        return this;
    }

    /// <summary>
    /// The scope may make at most this many round trips to the database: like <see cref="AtMostQueries(int)"/>, but
    /// the commands of one batch (one EF Core <c>SaveChanges</c>) count once.
    /// </summary>
    /// <param name="max">The budget.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder AtMostRoundTrips(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        _checks.Add(new QueryBudgetCheck(max, kind: null, roundTrips: true));
        return this;
    }

    /// <summary>No <c>n-plus-one</c> and no <c>n-plus-one-write</c> finding: no query or write once per item.</summary>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder NoNPlusOne()
    {
        _checks.Add(new NoFindingCheck("no N+1", f => f.Rule is RuleIds.NPlusOne or RuleIds.NPlusOneWrite));
        return this;
    }

    /// <summary>No finding of one rule, e.g. <c>duplicate-query</c>.</summary>
    /// <param name="rule">The rule id (see <c>docs/rules.md</c>).</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder NoFinding(string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        _checks.Add(new NoFindingCheck("no " + rule, f => string.Equals(f.Rule, rule, StringComparison.Ordinal)));
        return this;
    }

    /// <summary>No finding at or above a severity (<see cref="Severity.Info"/>: no finding at all).</summary>
    /// <param name="severity">The lowest severity that fails.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder NoFindingsAtOrAbove(Severity severity)
    {
        var name = "no findings at or above " + severity.ToString().ToLower(CultureInfo.InvariantCulture);
        _checks.Add(new NoFindingCheck(name, f => f.Severity >= severity));
        return this;
    }

    /// <summary>
    /// A statement's plan reads its tables through an index: explains it with <paramref name="inspector"/>
    /// (EXPLAIN, never executed) and fails when the plan scans a table without one, or, with
    /// <paramref name="indexName"/>, does not use that index.
    /// </summary>
    /// <param name="inspector">The database's inspector (<see cref="DatabaseInspector.For"/>).</param>
    /// <param name="statement">
    /// Which statement: a fingerprint id (16 hex digits) or a pattern over the normalised SQL of the scope's
    /// captured SELECTs (as in <see cref="Suppression.Sql"/>: a substring, or a glob with <c>*</c>), every
    /// matching shape being checked; when no captured statement matches, a SELECT text explained as given.
    /// </param>
    /// <param name="indexName">The index the plan must use; any index when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder UsesIndex(IDatabaseInspector inspector, string statement, string? indexName = null)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        ArgumentException.ThrowIfNullOrWhiteSpace(statement);
        _checks.Add(new UsesIndexCheck(inspector, statement, indexName));
        return this;
    }

    /// <summary>
    /// Accepts findings this suppression matches, on top of the capture's own
    /// <see cref="DetectionOptions.Suppressions"/>: they do not fail and are listed as suppressed.
    /// </summary>
    /// <param name="suppression">The suppression.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder Allow(Suppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        _allowed.Add(suppression);
        return this;
    }

    /// <summary>
    /// Accepts the findings a baseline holds (see <see cref="FindingBaseline"/>; written by <c>querydoctor baseline</c>
    /// or <see cref="FindingBaseline.Save(string)"/>): they do not fail and are listed as baselined, so an existing
    /// codebase can adopt the checks before fixing everything; any finding not in the baseline still fails.
    /// Findings match on rule, scope name, statement fingerprint, call site without its line, table and columns:
    /// give the scope a stable name (the test method's name is the default).
    /// </summary>
    /// <param name="baseline">The baseline.</param>
    /// <returns>This builder.</returns>
    public QueryExpectationBuilder WithBaseline(FindingBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        _baselines.Add(baseline);
        return this;
    }

    /// <summary>As <see cref="WithBaseline(FindingBaseline)"/>, reading the baseline file now.</summary>
    /// <param name="path">The baseline file.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a QueryDoctor baseline.</exception>
    public QueryExpectationBuilder WithBaseline(string path) => WithBaseline(FindingBaseline.Load(path));
}
