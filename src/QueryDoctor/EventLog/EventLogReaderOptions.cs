using QueryDoctor.Analysis;
using QueryDoctor.Recording;

namespace QueryDoctor.EventLog;

/// <summary>How an event log is read.</summary>
public sealed class EventLogReaderOptions
{
    /// <summary>
    /// Skip invalid lines (not JSON, a query line without <c>scope</c> or <c>sql</c>, a known field of the wrong
    /// type, a line over <see cref="MaxLineBytes"/>) and count them,
    /// instead of stopping at the first one with an <see cref="EventLogFormatException"/>.
    /// </summary>
    public bool SkipInvalid { get; set; }

    /// <summary>
    /// The longest line read, in bytes (default 64 MiB). A longer line is an invalid line (an input error naming its
    /// file and line, or skipped with <see cref="SkipInvalid"/>), so a file without newlines cannot exhaust memory.
    /// </summary>
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>The default of <see cref="MaxLineBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxLineBytes = 64 << 20;

    /// <summary>
    /// For <see cref="EventLogAnalysis.Run"/>: the most scope instances open at once (default
    /// <see cref="WorkloadRecorder.DefaultMaxOpenInstances"/>); beyond it the least recently active one is judged early.
    /// </summary>
    public int MaxOpenInstances { get; set; } = WorkloadRecorder.DefaultMaxOpenInstances;

    /// <summary>Called now and then with the bytes read so far of the current file (for progress display).</summary>
    public Action<long>? Progress { get; set; }
}
