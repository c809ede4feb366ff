using QueryDoctor.Detection;
using QueryDoctor.Reporting;

namespace QueryDoctor.Otlp;

/// <summary>
/// Judges OpenTelemetry traces the way <c>querydoctor analyze</c> and <c>serve</c> do: spans go in as they are
/// decoded (<see cref="OtlpJsonReader"/>, or a decoder of another encoding building <see cref="TraceSpan"/>s), are
/// assembled into traces across messages, lines and files (<see cref="TraceAssemblerOptions"/> bounds the memory),
/// and each finished trace is judged one scope instance per local root span, its findings aggregated per scope
/// name. Thread-safe; a report can be taken at any time.
/// </summary>
public sealed class TraceAnalysis
{
    private readonly TraceWorkload _workload;
    private readonly TraceAssembler _assembler;

    /// <summary>Creates an empty analysis.</summary>
    /// <param name="detection">Thresholds, severities and suppressions.</param>
    /// <param name="assembly">Bounds and timeouts of the trace assembly; the defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for the timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="detectorFailed">Told the rule id and the exception when a detector throws (it is then skipped).</param>
    public TraceAnalysis(DetectionOptions detection, TraceAssemblerOptions? assembly = null, TimeProvider? time = null, Action<string, Exception>? detectorFailed = null)
    {
        ArgumentNullException.ThrowIfNull(detection);
        _workload = new TraceWorkload(detection, detectorFailed);
        _assembler = new TraceAssembler(assembly ?? new TraceAssemblerOptions(), instance => _workload.Add(instance), time);
    }

    /// <summary>The trace input's counts so far.</summary>
    public TraceInputSummary Summary => _assembler.Summary;

    /// <summary>Adds spans (e.g. one received message's); traces that close because of them are judged now.</summary>
    /// <param name="spans">The spans.</param>
    public void Add(IEnumerable<TraceSpan> spans) => _assembler.Add(spans);

    /// <summary>
    /// Judges the traces whose root has arrived and that have been quiet for <see cref="TraceAssemblerOptions.TraceTimeout"/>,
    /// and releases the rootless ones quiet for <see cref="TraceAssemblerOptions.OrphanTimeout"/>. A receiver calls it now and then.
    /// </summary>
    /// <returns>The traces released.</returns>
    public int CompleteDue() => _assembler.CompleteDue();

    /// <summary>Judges every open trace now (the end of the input files).</summary>
    public void CompleteAll() => _assembler.CompleteAll();

    /// <summary>The findings so far, aggregated across instances, with the trace input's counts.</summary>
    /// <returns>The report.</returns>
    public AnalysisReport Report() => _workload.Report(_assembler.Summary);
}
