using QueryDoctor.Analysis;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;

namespace QueryDoctor.Analysis;

/// <summary>Analyses event logs end to end: read every file, judge each scope instance as it ends, aggregate the findings.</summary>
public static class EventLogAnalysis
{
    /// <summary>
    /// Reads the files, streaming: each scope instance is judged and released when its scope line (with
    /// <c>scopeId</c>) is read, instances without one at the end of the input (their lines merge by scope name
    /// across files). Memory grows with the instances open at once, the scope names and the statement shapes.
    /// </summary>
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
        readerOptions ??= new EventLogReaderOptions();
        var analyzer = new ScopeInstanceAnalyzer(options ?? new DetectionOptions(), detectorFailed);
        var reader = new EventLogReader(new WorkloadRecorder(analyzer, readerOptions.MaxOpenInstances), readerOptions);
        foreach (var path in paths)
        {
            reader.ReadFile(path);
        }

        return Finish(reader, analyzer);
    }

    /// <summary>Ends the reader's open instances and takes the analyzer's report (the end of streamed input).</summary>
    /// <param name="reader">A reader over a streaming <see cref="WorkloadRecorder"/> that feeds <paramref name="analyzer"/>.</param>
    /// <param name="analyzer">The analyzer.</param>
    /// <returns>The report.</returns>
    public static AnalysisReport Finish(EventLogReader reader, ScopeInstanceAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(analyzer);
        reader.Recorder.Complete();
        analyzer.CountSkipped(reader.SkippedLines);
        return analyzer.Snapshot() with { SkippedExamples = [.. reader.SkippedExamples] };
    }

    /// <summary>Analyses every instance a keeping recorder holds (the report keeps them in <see cref="AnalysisReport.Scopes"/>).</summary>
    /// <param name="recorder">The recorded workload.</param>
    /// <param name="analyzer">The analyzer to run.</param>
    /// <param name="skippedLines">Input lines skipped as invalid, for the summary.</param>
    /// <returns>The report.</returns>
    public static AnalysisReport Analyze(WorkloadRecorder recorder, ScopeAnalyzer analyzer, long skippedLines = 0)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(analyzer);
        recorder.Complete();
        var scopes = recorder.Build();
        var instances = new ScopeInstanceAnalyzer(analyzer);
        foreach (var scope in scopes)
        {
            instances.AddInstance(scope, judgedEarly: false);
        }

        instances.CountLate(recorder.LateEvents);
        instances.CountSkipped(skippedLines);
        return instances.Snapshot() with
        {
            Scopes = scopes,
            StatementSamples = recorder.Samples(),
            JudgedEarly = recorder.JudgedEarly,
        };
    }
}
