using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Reporting;

namespace QueryDoctor.Otlp;

/// <summary>
/// Where assembled trace instances go to be judged: the one seam between the trace input (files and
/// <c>serve</c>) and the analysis, so the analysis behind it can change without touching either. Thread-safe;
/// a report can be taken at any time.
/// </summary>
internal sealed class TraceWorkload
{
    private readonly Lock _lock = new();
    private readonly DetectionOptions _options;
    private readonly WorkloadRecorder _recorder;

    /// <summary>Creates an empty workload.</summary>
    /// <param name="options">Thresholds and severities.</param>
    public TraceWorkload(DetectionOptions options)
    {
        _options = options;
        _recorder = new WorkloadRecorder(options);
    }

    /// <summary>Takes one finished scope instance.</summary>
    /// <param name="instance">The instance.</param>
    public void Add(TraceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_lock)
        {
            // The analysis in place judges every instance of one scope name together (one instance = scope name).
            foreach (var statement in instance.Statements)
            {
                _recorder.Add(instance.Name, statement);
                _recorder.Sample(_recorder.Fingerprinter.Analyze(statement.Sql).Fingerprint, statement.Sql);
            }

            _recorder.SetOutcome(instance.Name, instance.Duration, instance.Status);
        }
    }

    /// <summary>Judges what was received so far.</summary>
    /// <param name="summary">The trace input's counts, for the report's summary.</param>
    /// <param name="detectorFailed">Told when a detector throws (it is then skipped).</param>
    /// <returns>The report.</returns>
    public AnalysisReport Report(TraceInputSummary summary, Action<string, Exception>? detectorFailed = null)
    {
        var analyzer = new ScopeAnalyzer(_options) { DetectorFailed = detectorFailed };
        lock (_lock)
        {
            return EventLogAnalysis.Analyze(_recorder, analyzer) with { Traces = summary };
        }
    }
}
