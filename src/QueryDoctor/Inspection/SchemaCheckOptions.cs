using QueryDoctor.Rules;

namespace QueryDoctor.Inspection;

/// <summary>
/// Thresholds, severities and plug-ins for the database rules. Defaults follow the published contract.
/// Call <see cref="Validate"/> after changing values (<see cref="SchemaDoctor"/> does).
/// </summary>
public sealed class SchemaCheckOptions
{
    /// <summary><c>full-scan</c>: a scanned table fires when it holds at least this many rows (default 1000).</summary>
    public long FullScanRowThreshold { get; set; } = 1000;

    /// <summary>
    /// <c>unused-index</c>: how long the server's usage statistics must have been gathering before an index is
    /// called unused (default 7 days). Younger statistics (a fresh or restarted server, a recent reset) are no
    /// evidence, and the rule stays silent.
    /// </summary>
    public TimeSpan UnusedIndexMinimumStatisticsAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Told, in one line each, what a rule left unjudged and why: tables under the <c>full-scan</c> threshold that a
    /// workload scanned, statistics too young for <c>unused-index</c>. Must not throw. Optional.
    /// </summary>
    public Action<string>? Note { get; set; }

    /// <summary>Severity overrides by rule id.</summary>
    public IDictionary<string, Severity> Severities { get; } = new Dictionary<string, Severity>(StringComparer.Ordinal);

    /// <summary>Rule ids that are switched off.</summary>
    public ISet<string> DisabledRules { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Further checks to run after the built-in ones.</summary>
    public IList<ISchemaCheck> Checks { get; } = [];

    /// <summary>The severity in force for a rule: the override, else the rule's default, else warning.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <returns>The severity.</returns>
    public Severity SeverityOf(string ruleId) =>
        Severities.TryGetValue(ruleId, out var severity) ? severity : RuleCatalogue.Find(ruleId)?.DefaultSeverity ?? Severity.Warning;

    /// <summary>Whether a rule is switched on.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <returns><see langword="true"/> unless the rule is in <see cref="DisabledRules"/>.</returns>
    public bool IsEnabled(string ruleId) => !DisabledRules.Contains(ruleId);

    /// <summary>Checks that every value is usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (FullScanRowThreshold < 0)
        {
            throw new ArgumentException("full-scan row threshold must not be negative");
        }

        if (UnusedIndexMinimumStatisticsAge < TimeSpan.Zero)
        {
            throw new ArgumentException("unused-index minimum statistics age must not be negative");
        }
    }
}
