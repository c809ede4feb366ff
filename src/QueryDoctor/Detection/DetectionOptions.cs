using System.Globalization;
using QueryDoctor.Recording;
using QueryDoctor.Rules;

namespace QueryDoctor.Detection;

/// <summary>
/// Thresholds, severities and bounds for the scope rules. Defaults follow the published contract;
/// every threshold can be changed. Call <see cref="Validate"/> after changing values (the analyzer does).
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>Shared defaults. Do not mutate: create a new instance to change settings.</summary>
    internal static DetectionOptions Default { get; } = new();

    /// <summary><c>n-plus-one</c>: SELECTs of one shape from one call site needed to fire (default 3).</summary>
    public int NPlusOneThreshold { get; set; } = 3;

    /// <summary><c>n-plus-one-write</c>: write round trips of one shape from one call site needed to fire (default 3).</summary>
    public int NPlusOneWriteThreshold { get; set; } = 3;

    /// <summary><c>duplicate-query</c>: executions with identical values needed to fire (default 2).</summary>
    public int DuplicateQueryThreshold { get; set; } = 2;

    /// <summary><c>too-many-queries</c>: a scope fires when it has more statements than this (default 30).</summary>
    public int TooManyQueriesThreshold { get; set; } = 30;

    /// <summary><c>slow-query</c>: a statement at or above this duration fires (default 500 ms).</summary>
    public TimeSpan SlowQueryThreshold { get => Recording.SlowQueryThreshold; set => Recording.SlowQueryThreshold = value; }

    /// <summary><c>slow-scope</c>: a scope at or above this duration fires (default 1000 ms).</summary>
    public TimeSpan SlowScopeThreshold { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary><c>unbounded-result</c>: an unlimited SELECT reading at least this many rows fires (default 1000).</summary>
    public long UnboundedResultThreshold { get; set; } = 1000;

    /// <summary>
    /// Polling exemption: a statement repeated from one call site with at least this much idle time between every
    /// two executions (a job waiting for work) is neither <c>n-plus-one</c> nor <c>duplicate-query</c> (default
    /// 100 ms; <see cref="TimeSpan.Zero"/> switches the exemption off). Needs start times (live capture has them).
    /// </summary>
    public TimeSpan PollingGap { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Raw events kept per scope for reports and dashboards (default 1000; 0 keeps none).</summary>
    public int MaxEventsPerScope { get => Recording.MaxEventsPerScope; set => Recording.MaxEventsPerScope = value; }

    /// <summary>Distinct value sets tracked per statement group (default 10,000); later ones count as distinct.</summary>
    public int MaxDistinctValuesPerStatement { get => Recording.MaxDistinctValuesPerStatement; set => Recording.MaxDistinctValuesPerStatement = value; }

    /// <summary>
    /// What scopes keep and count while recording (the three properties above read and write it): what a
    /// <see cref="QueryScopeBuilder"/> is given.
    /// </summary>
    public RecordingOptions Recording { get; } = new();

    /// <summary>
    /// A strict preset for tests and CI: <c>n-plus-one</c> and <c>n-plus-one-write</c> fire at 2 statements,
    /// <c>duplicate-query</c> at 2 (its default); everything else at its default. A new instance each call.
    /// </summary>
    /// <returns>The options.</returns>
    public static DetectionOptions Strict() => new() { NPlusOneThreshold = 2, NPlusOneWriteThreshold = 2, DuplicateQueryThreshold = 2 };

    /// <summary>Severity overrides by rule id.</summary>
    public IDictionary<string, Severity> Severities { get; } = new Dictionary<string, Severity>(StringComparer.Ordinal);

    /// <summary>Rule ids that are switched off.</summary>
    public ISet<string> DisabledRules { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Findings that are known and accepted: matched findings are not reported but counted as suppressed
    /// (see <see cref="ScopeAnalyzer.Analyze(QueryScope, ICollection{SuppressedFinding})"/>). Statements can
    /// also carry a <c>querydoctor:allow rule</c> comment; see <c>docs/rules.md</c>.
    /// </summary>
    public IList<Suppression> Suppressions { get; } = [];

    /// <summary>Further detectors to run after the built-in ones.</summary>
    public IList<IScopeDetector> Detectors { get; } = [];

    /// <summary>The severity in force for a rule: the override, else the rule's default, else warning.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <returns>The severity.</returns>
    public Severity SeverityOf(string ruleId) =>
        Severities.TryGetValue(ruleId, out var severity) ? severity : RuleCatalogue.Find(ruleId)?.DefaultSeverity ?? Severity.Warning;

    /// <summary>Whether a rule is switched on.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <returns><see langword="true"/> unless the rule is in <see cref="DisabledRules"/>.</returns>
    public bool IsEnabled(string ruleId) => !DisabledRules.Contains(ruleId);

    /// <summary>Adds a suppression (see <see cref="Suppressions"/>).</summary>
    /// <param name="suppression">The suppression.</param>
    /// <returns>These options, for chaining.</returns>
    public DetectionOptions Suppress(Suppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        Suppressions.Add(suppression);
        return this;
    }

    /// <summary>
    /// Sets a rule's threshold by rule id, in the unit the rule counts (statements, round trips, rows
    /// or milliseconds): the form the command line's <c>--threshold RULE=VALUE</c> uses.
    /// </summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="value">The threshold.</param>
    /// <exception cref="ArgumentException">The rule is unknown, has no threshold, or the value is out of range.</exception>
    public void SetThreshold(string ruleId, double value)
    {
        if (double.IsNaN(value) || value < 0)
        {
            throw new ArgumentException($"threshold for '{ruleId}' must be a non-negative number", nameof(value));
        }

        switch (ruleId)
        {
            case RuleIds.NPlusOne: NPlusOneThreshold = AsCount(ruleId, value); break;
            case RuleIds.NPlusOneWrite: NPlusOneWriteThreshold = AsCount(ruleId, value); break;
            case RuleIds.DuplicateQuery: DuplicateQueryThreshold = AsCount(ruleId, value); break;
            case RuleIds.TooManyQueries: TooManyQueriesThreshold = AsCount(ruleId, value); break;
            case RuleIds.SlowQuery: SlowQueryThreshold = TimeSpan.FromMilliseconds(value); break;
            case RuleIds.SlowScope: SlowScopeThreshold = TimeSpan.FromMilliseconds(value); break;
            case RuleIds.UnboundedResult: UnboundedResultThreshold = (long)AsCount(ruleId, value); break;
            default:
                throw new ArgumentException(
                    RuleCatalogue.Find(ruleId) switch
                    {
                        null => $"unknown rule '{ruleId}'",
                        { Kind: RuleKind.Scope } => $"rule '{ruleId}' has no threshold",
                        _ => $"rule '{ruleId}' is not a scope rule: its threshold is not set here",
                    },
                    nameof(ruleId));
        }
    }

    /// <summary>Checks that every value is usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(NPlusOneThreshold >= 2, "n-plus-one threshold must be at least 2");
        Require(NPlusOneWriteThreshold >= 2, "n-plus-one-write threshold must be at least 2");
        Require(DuplicateQueryThreshold >= 2, "duplicate-query threshold must be at least 2");
        Require(TooManyQueriesThreshold >= 0, "too-many-queries threshold must not be negative");
        Require(SlowQueryThreshold >= TimeSpan.Zero, "slow-query threshold must not be negative");
        Require(SlowScopeThreshold >= TimeSpan.Zero, "slow-scope threshold must not be negative");
        Require(UnboundedResultThreshold >= 1, "unbounded-result threshold must be at least 1");
        Require(PollingGap >= TimeSpan.Zero, "PollingGap must not be negative");
        Require(MaxEventsPerScope >= 0, "MaxEventsPerScope must not be negative");
        Require(MaxDistinctValuesPerStatement >= 1, "MaxDistinctValuesPerStatement must be at least 1");
        foreach (var suppression in Suppressions)
        {
            Require(suppression is not null, "a suppression must not be null");
            if (suppression!.Problem() is { } problem)
            {
                Require(false, problem);
            }
        }
    }

    private static int AsCount(string ruleId, double value)
    {
        if (value != Math.Floor(value) || value > int.MaxValue)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"threshold for '{ruleId}' must be a whole number, not {value}"),
                nameof(value));
        }

        return (int)value;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
