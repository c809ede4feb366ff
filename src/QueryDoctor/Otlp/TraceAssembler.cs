namespace QueryDoctor.Otlp;

/// <summary>
/// Puts traces together from spans that arrive in any order, over many messages, lines and files, and turns
/// each finished trace into its scope instances (CONTRACTS §6): one per local root span, holding the database
/// statements whose nearest local-root ancestor it is. Memory is bounded by <see cref="TraceAssemblerOptions"/>:
/// what is pushed out is judged early (with its root) or dropped (without), and counted. Thread-safe.
/// </summary>
internal sealed class TraceAssembler
{
    private readonly Lock _lock = new();
    private readonly TraceAssemblerOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<TraceInstance> _judged;
    private readonly Dictionary<string, LinkedListNode<OpenTrace>> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<OpenTrace> _byActivity = new();
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Queue<string> _doneOrder = new();
    private long _openSpans;
    private long _spans;
    private long _traces;
    private long _instances;
    private long _orphans;
    private long _judgedEarly;
    private long _droppedTraces;
    private long _droppedSpans;
    private long _late;

    /// <summary>Creates an assembler.</summary>
    /// <param name="options">Bounds and timing.</param>
    /// <param name="judged">Receives every finished scope instance (called outside the lock, one at a time per caller).</param>
    /// <param name="time">The clock for the timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public TraceAssembler(TraceAssemblerOptions options, Action<TraceInstance> judged, TimeProvider? time = null)
    {
        _options = options;
        _judged = judged;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The counts so far.</summary>
    public TraceInputSummary Summary
    {
        get
        {
            lock (_lock)
            {
                return new TraceInputSummary
                {
                    Spans = _spans,
                    Traces = _traces,
                    Instances = _instances,
                    OrphanStatements = _orphans,
                    JudgedEarly = _judgedEarly,
                    DroppedTraces = _droppedTraces,
                    DroppedSpans = _droppedSpans,
                    LateSpans = _late,
                    OpenTraces = _open.Count,
                };
            }
        }
    }

    /// <summary>Adds spans (e.g. one received message's).</summary>
    /// <param name="spans">The spans.</param>
    public void Add(IEnumerable<TraceSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        List<OpenTrace>? pushedOut = null;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            foreach (var span in spans)
            {
                _spans++;
                if (_done.Contains(span.TraceId))
                {
                    _late++;
                    continue;
                }

                if (_open.TryGetValue(span.TraceId, out var node))
                {
                    _byActivity.Remove(node);
                    _byActivity.AddLast(node);
                }
                else
                {
                    node = _byActivity.AddLast(new OpenTrace(span.TraceId));
                    _open.Add(span.TraceId, node);
                    _traces++;
                }

                var trace = node.Value;
                trace.LastActivity = now;
                if (trace.Spans.Count >= _options.MaxSpansPerTrace)
                {
                    _droppedSpans++;
                    continue;
                }

                trace.Spans.Add(span);
                trace.HasRoot |= span.IsLocalRoot;
                _openSpans++;
                while ((_open.Count > _options.MaxOpenTraces || _openSpans > _options.MaxOpenSpans) && _byActivity.First is { } oldest)
                {
                    var early = Close(oldest.Value);
                    early.Early = true;
                    (pushedOut ??= []).Add(early);
                    if (early.HasRoot)
                    {
                        _judgedEarly++;
                    }
                    else
                    {
                        _droppedTraces++;
                    }
                }
            }
        }

        Judge(pushedOut);
    }

    /// <summary>
    /// Judges the traces whose root has arrived and that have been quiet for the trace timeout, and releases the
    /// rootless ones quiet for the orphan timeout.
    /// </summary>
    /// <returns>The traces released.</returns>
    public int CompleteDue()
    {
        List<OpenTrace>? due = null;
        lock (_lock)
        {
            var node = _byActivity.First;
            while (node is not null)
            {
                var quiet = _time.GetElapsedTime(node.Value.LastActivity);
                if (quiet < _options.TraceTimeout)
                {
                    break;
                }

                var next = node.Next;
                if (node.Value.HasRoot || quiet >= _options.OrphanTimeout)
                {
                    (due ??= []).Add(Close(node.Value));
                }

                node = next;
            }
        }

        Judge(due);
        return due?.Count ?? 0;
    }

    /// <summary>Judges every open trace now (the end of the input files).</summary>
    public void CompleteAll()
    {
        List<OpenTrace> all;
        lock (_lock)
        {
            all = [.. _byActivity];
            foreach (var trace in all)
            {
                Close(trace);
            }
        }

        Judge(all);
    }

    private OpenTrace Close(OpenTrace trace)
    {
        if (_open.Remove(trace.TraceId, out var node))
        {
            _byActivity.Remove(node);
        }

        _openSpans -= trace.Spans.Count;
        if (_options.RememberedTraces > 0)
        {
            if (_done.Add(trace.TraceId))
            {
                _doneOrder.Enqueue(trace.TraceId);
            }

            while (_doneOrder.Count > _options.RememberedTraces)
            {
                _done.Remove(_doneOrder.Dequeue());
            }
        }

        return trace;
    }

    private void Judge(List<OpenTrace>? traces)
    {
        if (traces is null)
        {
            return;
        }

        foreach (var trace in traces)
        {
            var (instances, orphans) = Assemble(trace.Spans, trace.Early);
            lock (_lock)
            {
                _instances += instances.Count;
                _orphans += orphans;
            }

            foreach (var instance in instances)
            {
                _judged(instance);
            }
        }
    }

    /// <summary>Splits one trace's spans into scope instances; statements under no local root are counted as orphans.</summary>
    internal static (List<TraceInstance> Instances, int Orphans) Assemble(IReadOnlyList<TraceSpan> spans, bool early = false)
    {
        var byId = new Dictionary<string, TraceSpan>(spans.Count, StringComparer.Ordinal);
        var roots = new List<TraceSpan>();
        foreach (var span in spans)
        {
            if (byId.TryAdd(span.SpanId, span) && span.IsLocalRoot)
            {
                roots.Add(span);
            }
        }

        var statements = new Dictionary<TraceSpan, List<QueryEvent>>();
        var orphans = 0;
        foreach (var span in byId.Values)
        {
            if (span.Statement is not { } statement)
            {
                continue;
            }

            var root = RootOf(span, byId);
            if (root is null)
            {
                orphans++;
                continue;
            }

            if (!statements.TryGetValue(root, out var list))
            {
                statements.Add(root, list = []);
            }

            list.Add(statement);
        }

        var instances = new List<TraceInstance>(roots.Count);
        foreach (var root in roots)
        {
            // Start order; a stable sort keeps arrival order among equal (or unknown) start times.
            QueryEvent[] ordered = statements.TryGetValue(root, out var found) ? [.. found.OrderBy(static e => e.StartedAt)] : [];
            instances.Add(new TraceInstance(root.ScopeName!, root.TraceId + "-" + root.SpanId, ordered, root.Duration, root.Status, early));
        }

        return (instances, orphans);
    }

    private static TraceSpan? RootOf(TraceSpan span, Dictionary<string, TraceSpan> byId)
    {
        // Walk up the parents to the nearest local root; a cycle (hostile input) is cut by the step bound.
        var current = span;
        for (var steps = 0; steps <= byId.Count; steps++)
        {
            if (current.ParentSpanId is not { } parentId || !byId.TryGetValue(parentId, out var parent))
            {
                return null;
            }

            if (parent.IsLocalRoot)
            {
                return parent;
            }

            current = parent;
        }

        return null;
    }

    private sealed class OpenTrace(string traceId)
    {
        public string TraceId { get; } = traceId;

        public List<TraceSpan> Spans { get; } = [];

        public bool HasRoot { get; set; }

        public bool Early { get; set; }

        public long LastActivity { get; set; }
    }
}
