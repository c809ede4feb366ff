using QueryDoctor.Sql;

namespace QueryDoctor.Recording;

/// <summary>
/// Collects the events of many scope instances (a whole event log, or several) and ends them. Lines with the same
/// scope name and scope id are one instance; without a scope id, all lines of a scope name are one instance (they
/// need not be contiguous). Created with an <see cref="IScopeInstanceSink"/> (the analysis), the recorder streams: an instance
/// is handed to the analyzer and released when it ends (<see cref="EndInstance"/>), events for it after that are
/// counted as late, and when more than <see cref="MaxOpenInstances"/> are open the least recently active one is
/// judged early. Without an analyzer it keeps every instance for <see cref="Build"/>. Not thread-safe: one reader
/// at a time.
/// </summary>
public sealed class WorkloadRecorder
{
    /// <summary>The default bound on instances open at once (see <see cref="MaxOpenInstances"/>).</summary>
    public const int DefaultMaxOpenInstances = 10_000;

    // Ids of ended instances, to tell a late line from a new instance. Bounded: a line more than this many
    // ended instances after its own scope line opens a new instance instead of counting as late.
    private const int MaxRememberedEnded = 1 << 20;

    private const int MaxSpareBuilders = 16;

    private readonly Dictionary<string, ScopeName> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScopeName>.AlternateLookup<ReadOnlySpan<char>> _namesBySpan;
    private readonly Dictionary<string, CallSite> _callSites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallSite>.AlternateLookup<ReadOnlySpan<char>> _callSitesBySpan;
    private readonly HashSet<ulong> _ended = [];
    private readonly Queue<ulong> _endedOrder = new();
    private readonly List<QueryScope> _finished = [];
    private readonly List<long> _finishedSequence = [];
    private readonly Dictionary<SqlFingerprint, string> _samples = [];
    private readonly IScopeInstanceSink? _sink;

    // Builders of judged instances, reused for the next ones (streaming only: a judged instance's builder is not
    // needed once its snapshot is built). Instances usually end one after another, so a few are enough.
    private readonly Stack<QueryScopeBuilder> _spareBuilders = new();
    private OpenInstance? _head;
    private OpenInstance? _tail;
    private OpenInstance? _last;
    private string? _lastBatch;
    private int _open;
    private long _sequence;

    /// <summary>Creates a recorder that keeps every instance (see <see cref="Build"/>).</summary>
    /// <param name="options">What the scopes keep and count; defaults when <see langword="null"/>.</param>
    /// <param name="fingerprinter">The fingerprint cache; <see cref="SqlFingerprinter.Shared"/> when <see langword="null"/>.</param>
    public WorkloadRecorder(RecordingOptions? options = null, SqlFingerprinter? fingerprinter = null)
    {
        Options = options ?? new RecordingOptions();
        Fingerprinter = fingerprinter ?? SqlFingerprinter.Shared;
        _namesBySpan = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _callSitesBySpan = _callSites.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Creates a streaming recorder: each instance goes to <paramref name="analyzer"/> when it ends and is released.</summary>
    /// <param name="analyzer">Judges and aggregates the finished instances.</param>
    /// <param name="maxOpenInstances">The bound on instances open at once (default <see cref="DefaultMaxOpenInstances"/>).</param>
    /// <param name="fingerprinter">The fingerprint cache; <see cref="SqlFingerprinter.Shared"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxOpenInstances"/> is less than 1.</exception>
    public WorkloadRecorder(IScopeInstanceSink analyzer, int maxOpenInstances = DefaultMaxOpenInstances, SqlFingerprinter? fingerprinter = null)
        : this((analyzer ?? throw new ArgumentNullException(nameof(analyzer))).Recording, fingerprinter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOpenInstances, 1);
        _sink = analyzer;
        MaxOpenInstances = maxOpenInstances;
    }

    /// <summary>The options the scopes are recorded with.</summary>
    public RecordingOptions Options { get; }

    /// <summary>The fingerprint cache in use.</summary>
    public SqlFingerprinter Fingerprinter { get; }

    /// <summary>
    /// The most instances open at once; when one more opens, the least recently active is judged early (streaming
    /// recorders only; a keeping recorder has no bound).
    /// </summary>
    public int MaxOpenInstances { get; } = int.MaxValue;

    /// <summary>Events recorded (late events not included).</summary>
    public long EventCount { get; private set; }

    /// <summary>Scope names seen so far.</summary>
    public int ScopeCount => _names.Count;

    /// <summary>Events that arrived for an instance already ended: counted here, never judged.</summary>
    public long LateEvents { get; private set; }

    /// <summary>Instances judged before their end because the bound on open instances was reached.</summary>
    public long JudgedEarly { get; private set; }

    /// <summary>Instances open now.</summary>
    public int OpenInstances => _open;

    /// <summary>Records one event in the instance of a scope without a scope id.</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="queryEvent">The event.</param>
    public void Add(string scope, QueryEvent queryEvent) => Add(scope, null, queryEvent);

    /// <summary>Records one event in a scope instance.</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="scopeId">The instance's id; <see langword="null"/> for the scope name's single id-less instance.</param>
    /// <param name="queryEvent">The event.</param>
    public void Add(string scope, string? scopeId, QueryEvent queryEvent)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(queryEvent);
        var instance = Instance(Name(scope), scopeId, scopeId is not null);
        if (instance is null)
        {
            CountLate();
            return;
        }

        instance.Builder.Add(queryEvent);
        EventCount++;
    }

    /// <summary>Records a scope's own outcome (a scope line without a scope id): the instance stays open.</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="duration">The scope's duration, if known.</param>
    /// <param name="status">Its status, if known.</param>
    public void SetOutcome(string scope, TimeSpan? duration, int? status)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Instance(Name(scope), null, hasId: false)!.Builder.SetOutcome(duration, status);
    }

    /// <summary>
    /// Ends an instance (a scope line with a scope id): records its outcome and judges it (streaming) or keeps it.
    /// An instance never seen before is created and ended at once (a request without statements can still be slow);
    /// one already ended counts as a late line.
    /// </summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="scopeId">The instance's id.</param>
    /// <param name="duration">Its duration, if known.</param>
    /// <param name="status">Its status, if known.</param>
    public void EndInstance(string scope, string scopeId, TimeSpan? duration, int? status)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scopeId);
        End(Name(scope), scopeId, duration, status);
    }

    /// <summary>Ends every open instance (the end of the input): judged (streaming) or kept, in order of first event.</summary>
    public void Complete()
    {
        var open = new List<OpenInstance>(_open);
        for (var node = _head; node is not null; node = node.Next)
        {
            open.Add(node);
        }

        foreach (var instance in open.OrderBy(i => i.Sequence))
        {
            Finish(instance, early: false, remember: instance.Id is not null);
        }
    }

    /// <summary>
    /// Every instance (a keeping recorder: ended ones and the open ones, in order of first event; a streaming
    /// recorder: only those still open). Open instances stay open.
    /// </summary>
    /// <returns>The instances.</returns>
    public IReadOnlyList<QueryScope> Build()
    {
        var all = new List<(long Sequence, QueryScope Scope)>(_finished.Count + _open);
        for (var i = 0; i < _finished.Count; i++)
        {
            all.Add((_finishedSequence[i], _finished[i]));
        }

        for (var node = _head; node is not null; node = node.Next)
        {
            all.Add((node.Sequence, node.Builder.Build()));
        }

        return [.. all.OrderBy(p => p.Sequence).Select(p => p.Scope)];
    }

    internal ScopeName Name(ReadOnlySpan<char> name)
    {
        if (!_namesBySpan.TryGetValue(name, out var scopeName))
        {
            var text = name.ToString();
            scopeName = new ScopeName(text);
            _names.Add(text, scopeName);
        }

        return scopeName;
    }

    /// <summary>The open instance for an event; <see langword="null"/> when the instance already ended (the event is late).</summary>
    internal OpenInstance? Instance(ScopeName name, ReadOnlySpan<char> id, bool hasId)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Owner, name) && (hasId ? last.Id is not null && id.SequenceEqual(last.Id) : last.Id is null))
        {
            return last;
        }

        OpenInstance? instance;
        if (!hasId)
        {
            instance = name.NoId;
        }
        else if (!name.TryGetOpen(id, out instance) && _ended.Contains(EndedKey(name.Name, id)))
        {
            return null;
        }

        if (instance is null)
        {
            instance = Open(name, hasId ? id.ToString() : null);
        }
        else
        {
            Touch(instance);
        }

        _last = instance;
        return instance;
    }

    internal void End(ScopeName name, ReadOnlySpan<char> id, TimeSpan? duration, int? status)
    {
        if (!name.TryGetOpen(id, out var instance))
        {
            if (_ended.Contains(EndedKey(name.Name, id)))
            {
                CountLate();
                return;
            }

            instance = Open(name, id.ToString());
        }

        instance.Builder.SetOutcome(duration, status);
        Finish(instance, early: false, remember: true);
    }

    internal void CountLate()
    {
        LateEvents++;
        _sink?.CountLate(1);
    }

    internal CallSite CallSite(ReadOnlySpan<char> text)
    {
        if (text.IsWhiteSpace())
        {
            return QueryDoctor.CallSite.Unknown;
        }

        if (!_callSitesBySpan.TryGetValue(text, out var callSite))
        {
            callSite = QueryDoctor.CallSite.FromText(text.ToString());
            _callSites.Add(callSite.Text, callSite);
        }

        return callSite;
    }

    /// <summary>
    /// A batch id as a string. The statements of one batch follow one another, so the last id is reused; ids are
    /// compared by value within an instance and never kept for the whole input (that grew with every batch ever seen).
    /// </summary>
    internal string Batch(ReadOnlySpan<char> id)
    {
        if (_lastBatch is { } last && id.SequenceEqual(last))
        {
            return last;
        }

        return _lastBatch = id.ToString();
    }

    internal void Counted() => EventCount++;

    /// <summary>
    /// Keeps the first executed text of each statement shape (one string per distinct shape, not per event),
    /// so plan-based rules can explain a statement read from a log that keeps no raw events.
    /// </summary>
    internal void Sample(SqlFingerprint fingerprint, ReadOnlySpan<char> sql)
    {
        if (fingerprint.Kind != SqlStatementKind.Select)
        {
            return;
        }

        if (_sink is not null)
        {
            _sink.AddStatementText(fingerprint, sql);
        }
        else if (!_samples.ContainsKey(fingerprint))
        {
            _samples.Add(fingerprint, sql.ToString());
        }
    }

    /// <summary>The first executed text of each SELECT shape seen, by fingerprint id.</summary>
    internal IReadOnlyDictionary<string, string> Samples() =>
        _samples.ToDictionary(s => s.Key.Id, s => s.Value, StringComparer.Ordinal);

    private static ulong EndedKey(string name, ReadOnlySpan<char> id) =>
        Fnv64.Append(Fnv64.Append(Fnv64.Hash(name), (byte)0), id);

    private OpenInstance Open(ScopeName name, string? id)
    {
        QueryScopeBuilder builder;
        if (_spareBuilders.TryPop(out var spare))
        {
            spare.Reset(name.Name, id, reuseGroups: _sink is { MayKeepInstances: false });
            builder = spare;
        }
        else
        {
            // Only this recorder (one reader at a time) touches its builders: they record without taking their lock.
            builder = new QueryScopeBuilder(name.Name, Options, Fingerprinter) { ScopeId = id, SingleOwner = true };
        }

        var instance = new OpenInstance(name, id, builder, _sequence++);
        name.AddOpen(instance);
        Append(instance);
        _open++;
        if (_open > MaxOpenInstances && _head is { } oldest && !ReferenceEquals(oldest, instance))
        {
            JudgedEarly++;
            Finish(oldest, early: true, remember: oldest.Id is not null);
        }

        return instance;
    }

    private void Finish(OpenInstance instance, bool early, bool remember)
    {
        instance.Owner.RemoveOpen(instance);
        Unlink(instance);
        _open--;
        if (ReferenceEquals(_last, instance))
        {
            _last = null;
        }

        if (remember)
        {
            var key = EndedKey(instance.Owner.Name, instance.Id);
            if (_ended.Add(key))
            {
                _endedOrder.Enqueue(key);
                if (_endedOrder.Count > MaxRememberedEnded)
                {
                    _ended.Remove(_endedOrder.Dequeue());
                }
            }
        }

        if (_sink is not null)
        {
            // When nothing keeps the instance past the sink's Add, its timeline is copied only if the sink reads it
            // (the analysis does for the instance that becomes its scope name's example), not for every instance.
            var deferTimeline = !_sink.MayKeepInstances;
            var scope = instance.Builder.Build(deferTimeline);
            _sink.Add(scope, early);
            if (deferTimeline)
            {
                scope.ReleaseTimeline();
            }

            if (_spareBuilders.Count < MaxSpareBuilders && instance.Builder.IsReusable)
            {
                _spareBuilders.Push(instance.Builder);
            }
        }
        else
        {
            _finished.Add(instance.Builder.Build());
            _finishedSequence.Add(instance.Sequence);
        }
    }

    private void Append(OpenInstance instance)
    {
        instance.Previous = _tail;
        instance.Next = null;
        if (_tail is null)
        {
            _head = instance;
        }
        else
        {
            _tail.Next = instance;
        }

        _tail = instance;
    }

    private void Unlink(OpenInstance instance)
    {
        if (instance.Previous is null)
        {
            _head = instance.Next;
        }
        else
        {
            instance.Previous.Next = instance.Next;
        }

        if (instance.Next is null)
        {
            _tail = instance.Previous;
        }
        else
        {
            instance.Next.Previous = instance.Previous;
        }

        instance.Previous = instance.Next = null;
    }

    private void Touch(OpenInstance instance)
    {
        if (!ReferenceEquals(_tail, instance))
        {
            Unlink(instance);
            Append(instance);
        }
    }

    /// <summary>A scope name and its open instances.</summary>
    internal sealed class ScopeName
    {
        private Dictionary<string, OpenInstance>? _byId;
        private Dictionary<string, OpenInstance>.AlternateLookup<ReadOnlySpan<char>> _byIdSpan;

        public ScopeName(string name) => Name = name;

        public string Name { get; }

        public OpenInstance? NoId { get; private set; }

        public bool TryGetOpen(ReadOnlySpan<char> id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OpenInstance? instance)
        {
            instance = null;
            return _byId is not null && _byIdSpan.TryGetValue(id, out instance);
        }

        public void AddOpen(OpenInstance instance)
        {
            if (instance.Id is null)
            {
                NoId = instance;
                return;
            }

            if (_byId is null)
            {
                _byId = new Dictionary<string, OpenInstance>(StringComparer.Ordinal);
                _byIdSpan = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
            }

            _byId.Add(instance.Id, instance);
        }

        public void RemoveOpen(OpenInstance instance)
        {
            if (instance.Id is null)
            {
                NoId = null;
            }
            else
            {
                _byId?.Remove(instance.Id);
            }
        }
    }

    /// <summary>One open instance, linked in order of last activity (head: least recently active).</summary>
    internal sealed class OpenInstance(ScopeName owner, string? id, QueryScopeBuilder builder, long sequence)
    {
        public ScopeName Owner { get; } = owner;

        public string? Id { get; } = id;

        public QueryScopeBuilder Builder { get; } = builder;

        public long Sequence { get; } = sequence;

        public OpenInstance? Previous { get; set; }

        public OpenInstance? Next { get; set; }
    }
}
