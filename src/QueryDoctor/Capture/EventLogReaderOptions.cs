namespace QueryDoctor.Capture;

/// <summary>How an event log is read.</summary>
public sealed class EventLogReaderOptions
{
    /// <summary>
    /// Skip invalid lines (not JSON, or a query line without <c>scope</c> or <c>sql</c>) and count them,
    /// instead of stopping at the first one with an <see cref="EventLogFormatException"/>.
    /// </summary>
    public bool SkipInvalid { get; set; }

    /// <summary>Called now and then with the bytes read so far of the current file (for progress display).</summary>
    public Action<long>? Progress { get; set; }
}
