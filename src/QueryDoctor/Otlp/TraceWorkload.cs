using QueryDoctor.Analysis;
using QueryDoctor.Detection;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;

namespace QueryDoctor.Otlp;

/// <summary>
/// Where assembled trace instances go to be judged: each becomes a <see cref="QueryScope"/> instance (its id the
/// trace and root span ids) for the <see cref="ScopeInstanceAnalyzer"/>, which judges it alone and aggregates per
/// scope name. Thread-safe; a report can be taken at any time.
/// </summary>
internal sealed class TraceWorkload
{
    private readonly ScopeInstanceAnalyzer _analyzer;

    /// <summary>Creates an empty workload.</summary>
    /// <param name="options">Thresholds, severities and suppressions.</param>
    /// <param name="detectorFailed">Told when a detector throws (it is then skipped).</param>
    public TraceWorkload(DetectionOptions options, Action<string, Exception>? detectorFailed = null)
    {
        _analyzer = new ScopeInstanceAnalyzer(options, detectorFailed);
    }

    /// <summary>The options in force.</summary>
    public DetectionOptions Options => _analyzer.Options;

    /// <summary>
    /// Judges one finished scope instance and adds it to the aggregate (texts written only for the findings the
    /// aggregate keeps, as for an event log).
    /// </summary>
    /// <param name="instance">The instance.</param>
    public void Add(TraceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var builder = new QueryScopeBuilder(instance.Name, _analyzer.Options.Recording) { ScopeId = instance.ScopeId };
        foreach (var statement in instance.Statements)
        {
            builder.Add(statement);
            _analyzer.AddStatementText(SqlFingerprintOf(statement), statement.Sql);
        }

        builder.SetOutcome(instance.Duration, instance.Status);
        _analyzer.AddInstance(builder.Build(), instance.JudgedEarly);
    }

    /// <summary>The findings so far, aggregated across instances.</summary>
    /// <param name="summary">The trace input's counts, for the report's summary.</param>
    /// <returns>The report.</returns>
    public AnalysisReport Report(TraceInputSummary summary) => _analyzer.Snapshot() with { Traces = summary };

    private static Sql.SqlFingerprint SqlFingerprintOf(QueryEvent statement) => Sql.SqlFingerprinter.Shared.Analyze(statement.Sql).Fingerprint;
}
