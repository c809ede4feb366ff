using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// The working collections of one scope's recording (groups by key, groups in order, kept raw events, call-site
/// budgets by shape, the timeline's entries): needed only until the scope is judged, so they are taken from a pool when the scope records its
/// first command and returned, emptied, when it ends. A web request then allocates none of them.
/// </summary>
internal sealed class RecordingBuffers
{
    // Collections grown past these are dropped instead of pooled: one huge scope must not pin its memory forever.
    private const int MaxPooledGroups = 256;
    private const int MaxPooledEvents = 1024;

    private Dictionary<SqlFingerprint, SiteBudget>? _sites;

    public Dictionary<GroupKey, StatementGroup> Groups { get; } = [];

    public List<StatementGroup> Order { get; } = [];

    public List<object> Events { get; } = [];

    /// <summary>The scope's statements on its time axis (pooled with the rest: a request's entries array is not allocated anew).</summary>
    public ScopeTimeline Timeline { get; } = new();

    /// <summary>Call-site budgets by shape (the live capture's; created on first use, so offline builders go without).</summary>
    public Dictionary<SqlFingerprint, SiteBudget> Sites => _sites ??= [];

    /// <summary>Whether any call-site budget was recorded.</summary>
    public bool HasSites => _sites is { Count: > 0 };

    /// <summary>Whether the collections are small enough to keep for the next scope.</summary>
    public bool Reusable => Groups.Count <= MaxPooledGroups && (_sites?.Count ?? 0) <= MaxPooledGroups && Events.Capacity <= MaxPooledEvents
        && Timeline.Allocated <= MaxPooledEvents;

    public void Clear()
    {
        Groups.Clear();
        Order.Clear();
        Events.Clear();
        _sites?.Clear();
        Timeline.Clear();
    }
}
