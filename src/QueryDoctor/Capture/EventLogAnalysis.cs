using QueryDoctor.Detection;
using QueryDoctor.Reporting;

namespace QueryDoctor.Capture;

/// <summary>Analyses event logs end to end: read every file, build the scopes, run the scope rules.</summary>
public static class EventLogAnalysis
{
    /// <summary>Reads the files (their scopes merge by name) and analyses every scope.</summary>
    /// <param name="paths">The event logs.</param>
    /// <param name="options">Thresholds and severities; defaults when <see langword="null"/>.</param>
    /// <param name="readerOptions">Reading options; defaults when <see langword="null"/>.</param>
    /// <param name="detectorFailed">Told when a detector throws (it is then skipped).</param>
    /// <returns>The report.</returns>
    /// <exception cref="EventLogFormatException">A line is invalid and invalid lines are not skipped.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static AnalysisReport Run(
        IEnumerable<string> paths,
        DetectionOptions? options = null,
        EventLogReaderOptions? readerOptions = null,
        Action<string, Exception>? detectorFailed = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new DetectionOptions();
        var analyzer = new ScopeAnalyzer(options) { DetectorFailed = detectorFailed };
        var recorder = new WorkloadRecorder(options);
        var reader = new EventLogReader(recorder, readerOptions);
        foreach (var path in paths)
        {
            reader.ReadFile(path);
        }

        return Analyze(recorder, analyzer, reader.SkippedLines);
    }

    /// <summary>Analyses every scope a recorder holds.</summary>
    /// <param name="recorder">The recorded workload.</param>
    /// <param name="analyzer">The analyzer to run.</param>
    /// <param name="skippedLines">Input lines skipped as invalid, for the summary.</param>
    /// <returns>The report.</returns>
    public static AnalysisReport Analyze(WorkloadRecorder recorder, ScopeAnalyzer analyzer, long skippedLines = 0)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(analyzer);
        var scopes = recorder.Build();
        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        foreach (var scope in scopes)
        {
            findings.AddRange(analyzer.Analyze(scope, suppressed));
        }

        return new AnalysisReport
        {
            Findings = findings,
            Suppressed = suppressed,
            Scopes = scopes,
            EventCount = recorder.EventCount,
            SkippedLines = skippedLines,
            StatementSamples = recorder.Samples(),
        };
    }
}
