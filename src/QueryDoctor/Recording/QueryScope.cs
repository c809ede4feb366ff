using QueryDoctor.Capture;

namespace QueryDoctor.Recording;

/// <summary>
/// A finished unit of work (one request, job run, test, explicit scope: one scope instance) whose statements are judged together:
/// its statements grouped by fingerprint and call site, plus a bounded sample of the raw events.
/// Immutable once built.
/// </summary>
public sealed class QueryScope
{
    private readonly StatementGroup[] _groups;
    private IReadOnlyList<StatementGroup>? _groupsView;
    private TimelineEntry[]? _timeline;

    // Duration as plain fields: a TimeSpan? takes 16 bytes.
    private readonly long _durationTicks;
    private readonly bool _hasDuration;

    // The raw events: a list of events, or the live capture's raw items (object[], see RecordedEvents) until first read.
    private object _events;

    // The id's text, or the live capture's ScopeIdentity (written out when read).
    private readonly object? _scopeId;

    // Where the timeline comes from until it is read: a builder's ScopeTimeline (deferred, see ReleaseTimeline) or the
    // statements it was made of (TimelineStatement[], a live scope's).
    private object? _pendingTimeline;

    internal QueryScope(
        string name,
        StatementGroup[] groups,
        object events,
        int statementCount,
        int roundTrips,
        TimeSpan totalDuration,
        bool allTimestamped,
        TimeSpan? duration,
        int? status,
        object? scopeId = null,
        object? timeline = null)
    {
        _timeline = timeline as TimelineEntry[] ?? (timeline is null ? [] : null);
        _pendingTimeline = timeline is TimelineEntry[] ? null : timeline;
        _scopeId = scopeId;
        Name = name;
        _groups = groups;
        _events = events;
        StatementCount = statementCount;
        RoundTrips = roundTrips;
        TotalDuration = totalDuration;
        AllTimestamped = allTimestamped;
        _durationTicks = duration.GetValueOrDefault().Ticks;
        _hasDuration = duration.HasValue;
        Status = status;
    }

    /// <summary>
    /// The id of this execution of the scope (one request, one job run): the event log's <c>scopeId</c>, or the
    /// live capture's id (the W3C trace and span id of the request's <c>Activity</c> when there was one).
    /// <see langword="null"/> when the source gave none (then all statements of a scope name are one instance).
    /// </summary>
    public string? ScopeId => ScopeIdentity.TextOf(_scopeId);

    /// <summary>The scope's name, e.g. <c>GET /calendars/{id}</c> or <c>job:cleanup</c>.</summary>
    public string Name { get; }

    /// <summary>The statements grouped by fingerprint and call site, in order of first execution.</summary>
    public IReadOnlyList<StatementGroup> Groups => _groupsView ??= _groups.Length == 0 ? [] : Array.AsReadOnly(_groups);

    /// <summary>The groups, for the rules: iterated without an enumerator object per rule and instance.</summary>
    internal ReadOnlySpan<StatementGroup> GroupSpan => _groups;

    /// <summary>
    /// The first raw events of the scope, up to the builder's bound (empty when raw events are not kept).
    /// </summary>
    public IReadOnlyList<QueryEvent> Events => _events as IReadOnlyList<QueryEvent> ?? WrapEvents();

    /// <summary>Statements executed in the scope.</summary>
    public int StatementCount { get; }

    /// <summary>Round trips: statements, counting each batch (one <c>SaveChanges</c>) once.</summary>
    public int RoundTrips { get; }

    /// <summary>Total measured statement time.</summary>
    public TimeSpan TotalDuration { get; }

    /// <summary>Whether every statement carried a start time (then order is by time, else by arrival).</summary>
    public bool AllTimestamped { get; }

    /// <summary>The scope's own duration (a request's total time), when known.</summary>
    public TimeSpan? Duration => _hasDuration ? new TimeSpan(_durationTicks) : null;

    /// <summary>The scope's outcome status (e.g. an HTTP status code), when known.</summary>
    public int? Status { get; }

    /// <summary>
    /// Every statement on the instance's time axis, bounded (see <see cref="ScopeTimeline"/>): what a waterfall draws.
    /// Kept even when raw events are not (an event log read as a stream).
    /// </summary>
    internal IReadOnlyList<TimelineEntry> Timeline => _timeline ??= _pendingTimeline switch
    {
        ScopeTimeline pending => pending.ToArray(),
        TimelineStatement[] statements => TimelineStatement.Expand(statements),
        _ => [],
    };

    /// <summary>
    /// This instance without its statement groups and raw events: its totals and <see cref="Timeline"/> only, so an
    /// example instance can be kept per scope name at the cost of its bounded timeline.
    /// </summary>
    internal QueryScope WithTimelineOnly() =>
        new(Name, [], Array.Empty<QueryEvent>(), StatementCount, RoundTrips, TotalDuration, AllTimestamped, Duration, Status, _scopeId, Timeline as TimelineEntry[] ?? [.. Timeline]);

    /// <summary>The raw items wrapped as events, once (two readers at once keep one wrapper).</summary>
    private IReadOnlyList<QueryEvent> WrapEvents()
    {
        if (Volatile.Read(ref _events) is object[] items)
        {
            Interlocked.CompareExchange(ref _events, new RecordedEvents(items), items);
        }

        return (IReadOnlyList<QueryEvent>)Volatile.Read(ref _events);
    }

    /// <summary>
    /// Ends a deferred timeline's link to its builder (see <see cref="QueryScopeBuilder.Build(bool)"/>), which is about
    /// to be reused: a timeline not read by now stays empty.
    /// </summary>
    internal void ReleaseTimeline()
    {
        _timeline ??= [];
        _pendingTimeline = null;
    }
}
