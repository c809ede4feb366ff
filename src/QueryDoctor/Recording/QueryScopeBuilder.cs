using QueryDoctor.Capture;
using QueryDoctor.Sql;

namespace QueryDoctor.Recording;

/// <summary>
/// Collects the events of one unit of work and aggregates them by fingerprint and call site. Safe to
/// call from several threads (parallel work inside one scope). Memory grows with the scope's distinct
/// shapes and values, not with the number of events: at most <see cref="RecordingOptions.MaxEventsPerScope"/>
/// raw events are kept, and at most <see cref="RecordingOptions.MaxDistinctValuesPerStatement"/> value sets per group.
/// </summary>
public sealed class QueryScopeBuilder
{
    // A builder reused for many instances (see Reset) keeps its tables' capacity up to about this many entries.
    private const int MaxReusedGroups = 256;

    // What the builder locks: a private object of its own, or the builder itself when only the live capture holds it
    // (its scope's recording then locks the same object: one monitor per scope, no lock objects allocated).
    private readonly object _lock;
    private readonly RecordingOptions _options;
    private readonly SqlFingerprinter _fingerprinter;
    private RecordingBuffers? _buffers;
    private HashSet<string>? _batches;
    private List<StatementGroup>? _spareGroups;
    private StatementGroup? _lastGroup;
    private int _statementCount;
    private int _rawCount;
    private int _roundTrips;
    private TimeSpan _totalDuration;
    private bool _allTimestamped = true;
    private TimeSpan? _duration;
    private int? _status;
    private object? _scopeId;

    /// <summary>Starts an empty scope.</summary>
    /// <param name="name">The scope's name.</param>
    /// <param name="options">Thresholds and bounds; defaults when <see langword="null"/>.</param>
    /// <param name="fingerprinter">The fingerprint cache; <see cref="SqlFingerprinter.Shared"/> when <see langword="null"/>.</param>
    public QueryScopeBuilder(string name, RecordingOptions? options = null, SqlFingerprinter? fingerprinter = null)
        : this(buffers: null, name, options, fingerprinter)
    {
    }

    /// <summary>
    /// A builder for the live capture, recording into pooled <paramref name="buffers"/> (see <see cref="DetachBuffers"/>).
    /// It is never handed out, so it locks itself (see <see cref="SyncRoot"/>).
    /// </summary>
    internal QueryScopeBuilder(string name, RecordingOptions options, SqlFingerprinter fingerprinter, RecordingBuffers buffers)
        : this((RecordingBuffers?)buffers, name, options, fingerprinter)
    {
    }

    private QueryScopeBuilder(RecordingBuffers? buffers, string name, RecordingOptions? options, SqlFingerprinter? fingerprinter)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        _options = options ?? RecordingOptions.Default;
        _fingerprinter = fingerprinter ?? SqlFingerprinter.Shared;
        _buffers = buffers;
        _lock = buffers is null ? new object() : this;
    }

    /// <summary>
    /// Whether this is the live capture's builder: it is built once, its buffers are detached then and its groups never
    /// change again, so its snapshot may keep the timeline as statements of those groups (see <see cref="TimelineStatement"/>).
    /// A reused builder (<see cref="Reset"/>) empties its groups for the next instance: its snapshots copy the entries.
    /// </summary>
    private bool IsLive => ReferenceEquals(_lock, this);

    /// <summary>The object this builder locks (its scope's recording locks it too, see <see cref="Capture.ScopeRecording"/>).</summary>
    internal object SyncRoot => _lock;

    /// <summary>The scope's name.</summary>
    public string Name { get; private set; }

    /// <summary>The id of this instance of the scope (see <see cref="QueryScope.ScopeId"/>); <see langword="null"/> when unknown.</summary>
    public string? ScopeId { get => ScopeIdentity.TextOf(_scopeId); init => _scopeId = value; }

    /// <summary>The live capture's id for the instance, written out only when read (see <see cref="ScopeIdentity"/>).</summary>
    internal ScopeIdentity Identity { init => _scopeId = value; }

    /// <summary>
    /// Whether one owner records into this builder from one thread at a time (a <see cref="WorkloadRecorder"/>, which
    /// is not thread-safe itself): <see cref="Add(SqlStatement, CallSite, ulong?, TimeSpan?, long?, DateTimeOffset?, string?, bool, object?)"/>
    /// then records without taking the lock, once per statement.
    /// </summary>
    internal bool SingleOwner { get; init; }

    /// <summary>Statements recorded so far.</summary>
    public int StatementCount
    {
        get
        {
            lock (_lock)
            {
                return _statementCount;
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Reset"/> can reuse this builder for another instance: its tables stayed small (a builder
    /// that once held a huge instance is dropped, so a pool never pins its memory).
    /// </summary>
    internal bool IsReusable
    {
        get
        {
            lock (_lock)
            {
                return (_buffers?.Order.Count ?? 0) <= MaxReusedGroups
                    && (_buffers?.Events.Count ?? 0) <= MaxReusedGroups
                    && (_batches?.Count ?? 0) <= MaxReusedGroups;
            }
        }
    }

    /// <summary>
    /// Empties the builder for the next instance, keeping its tables' capacity (a streaming reader judges instances one
    /// after another: reusing the builder saves growing a dictionary and lists per instance). Only after
    /// <see cref="Build()"/>: the groups built so far belong to that snapshot and are never touched again.
    /// </summary>
    /// <param name="name">The next instance's scope name.</param>
    /// <param name="scopeId">The next instance's id.</param>
    /// <param name="reuseGroups">
    /// Whether the previous instance's groups may be emptied and reused too: only when nothing kept its snapshot
    /// (the built-in rules keep nothing; a custom detector might).
    /// </param>
    internal void Reset(string name, string? scopeId, bool reuseGroups)
    {
        lock (_lock)
        {
            Name = name;
            _scopeId = scopeId;
            if (reuseGroups && _buffers is { } buffers)
            {
                _spareGroups ??= [];
                _spareGroups.AddRange(buffers.Order);
            }

            _buffers?.Clear();
            _batches?.Clear();
            _lastGroup = null;
            _statementCount = 0;
            _rawCount = 0;
            _roundTrips = 0;
            _totalDuration = TimeSpan.Zero;
            _allTimestamped = true;
            _duration = null;
            _status = null;
        }
    }

    /// <summary>Whether an event added now would be kept as a raw event (below <see cref="RecordingOptions.MaxEventsPerScope"/>).</summary>
    internal bool KeepsRawEvents => Volatile.Read(ref _rawCount) < _options.MaxEventsPerScope;

    /// <summary>Records one event.</summary>
    /// <param name="queryEvent">The event.</param>
    public void Add(QueryEvent queryEvent)
    {
        ArgumentNullException.ThrowIfNull(queryEvent);
        var statement = _fingerprinter.Analyze(queryEvent.Sql);
        ulong? parameterHash = queryEvent.ParameterValuesHash
            ?? (queryEvent.Parameters is { } parameters ? ParameterValues.Hash(parameters) : null);
        Add(
            statement,
            queryEvent.CallSite,
            queryEvent.PrivateValuesKey ?? ValuesKey(statement, parameterHash),
            queryEvent.Duration,
            queryEvent.Rows,
            queryEvent.StartedAt,
            queryEvent.Batch,
            queryEvent.Failed,
            queryEvent);
    }

    /// <summary>Renames the scope before it is built (a request named once its route is known).</summary>
    internal void Rename(string name)
    {
        lock (_lock)
        {
            Name = name;
        }
    }

    /// <summary>Records the scope's own outcome (a request's total time and status).</summary>
    /// <param name="duration">The scope's duration, if known.</param>
    /// <param name="status">The outcome status, if known.</param>
    public void SetOutcome(TimeSpan? duration, int? status)
    {
        lock (_lock)
        {
            if (duration is { } d && (_duration is null || d > _duration))
            {
                _duration = d;
            }

            _status = status ?? _status;
        }
    }

    /// <summary>Takes an immutable snapshot of the scope as recorded so far.</summary>
    /// <returns>The scope.</returns>
    public QueryScope Build() => Build(deferTimeline: false);

    /// <summary>
    /// <see cref="Build()"/>; with <paramref name="deferTimeline"/> the snapshot reads this builder's timeline only
    /// when asked for it, until <see cref="QueryScope.ReleaseTimeline"/> (a streaming recorder: nothing reads the
    /// snapshot after its sink returns, and the builder is then reused).
    /// </summary>
    internal QueryScope Build(bool deferTimeline)
    {
        lock (_lock)
        {
            return new QueryScope(
                Name,
                _buffers is { Order.Count: > 0 } buffers ? [.. buffers.Order] : [],
                _buffers is { Events.Count: > 0 } withEvents ? withEvents.Events.ToArray() : Array.Empty<QueryEvent>(),
                _statementCount,
                _roundTrips,
                _totalDuration,
                _allTimestamped && _statementCount > 0,
                _duration,
                _status,
                _scopeId,
                deferTimeline ? _buffers?.Timeline : TimelineSnapshot());
        }
    }

    /// <summary>
    /// The timeline as the snapshot keeps it: the statements it is made of when nothing was merged (the live capture's
    /// usual scope; the entries are built if someone reads them), else a copy of the entries.
    /// </summary>
    private object TimelineSnapshot()
    {
        if (_buffers is not { } buffers)
        {
            return Array.Empty<TimelineEntry>();
        }

        return buffers.Timeline.TryGetStatements(out var statements) && !statements.IsEmpty ? statements.ToArray() : buffers.Timeline.ToArray();
    }

    /// <summary>
    /// Hands the working collections back after the scope was built (the live capture pools them); a statement that
    /// still arrives later is recorded into new ones.
    /// </summary>
    internal RecordingBuffers? DetachBuffers()
    {
        lock (_lock)
        {
            var buffers = _buffers;
            _buffers = null;
            _lastGroup = null;
            return buffers;
        }
    }

    /// <summary>
    /// The key that tells whether two statements of one shape ran with the same values: parameter values
    /// and inlined literals. <see langword="null"/> (unknown) when the text has parameter markers but their
    /// values were not given.
    /// </summary>
    internal static ulong? ValuesKey(SqlStatement statement, ulong? parameterHash)
    {
        if (parameterHash is null && statement.ParameterCount > 0)
        {
            return null;
        }

        return Fnv64.Combine(parameterHash ?? 0, statement.LiteralsHash);
    }

    /// <summary>Records one statement; <paramref name="raw"/> is its <see cref="QueryEvent"/> or the live capture's finished command.</summary>
    internal void Add(
        SqlStatement statement,
        CallSite callSite,
        ulong? valuesKey,
        TimeSpan? duration,
        long? rows,
        DateTimeOffset? startedAt,
        string? batch,
        bool failed,
        object? raw)
    {
        if (SingleOwner)
        {
            AddUnlocked(statement, callSite, valuesKey, duration, rows, startedAt, batch, failed, raw);
            return;
        }

        lock (_lock)
        {
            AddUnlocked(statement, callSite, valuesKey, duration, rows, startedAt, batch, failed, raw);
        }
    }

    private void AddUnlocked(
        SqlStatement statement,
        CallSite callSite,
        ulong? valuesKey,
        TimeSpan? duration,
        long? rows,
        DateTimeOffset? startedAt,
        string? batch,
        bool failed,
        object? raw)
    {
        var buffers = _buffers ??= new RecordingBuffers();

        // Loops repeat one statement from one place: the previous event's group, by reference, first.
        var group = _lastGroup;
        if (group is null || !ReferenceEquals(group.Fingerprint, statement.Fingerprint) || !ReferenceEquals(group.CallSite, callSite))
        {
            var key = new GroupKey(statement.Fingerprint, callSite);
            if (!buffers.Groups.TryGetValue(key, out group))
            {
                group = NewGroup(statement.Fingerprint, callSite);
                buffers.Groups.Add(key, group);
                buffers.Order.Add(group);
            }

            _lastGroup = group;
        }

        var index = _statementCount++;
        group.Count++;
        group.LastIndex = index;
        group.Allow(statement.AllowedRules);

        var newRoundTrip = batch is null || (_batches ??= new HashSet<string>(StringComparer.Ordinal)).Add(batch);
        if (newRoundTrip)
        {
            _roundTrips++;
        }

        if (batch is null || (group.Batches ??= new HashSet<string>(StringComparer.Ordinal)).Add(batch))
        {
            group.RoundTrips++;
        }

        if (startedAt is { } at)
        {
            group.RecordStart(at, duration);
        }
        else
        {
            _allTimestamped = false;

            // One statement without a time: the group's gaps are unknown, never "polling".
            group.RecordUntimed();
        }

        if (duration is { } d)
        {
            group.TotalDuration += d;
            _totalDuration += d;
            if (d > group.MaxDuration)
            {
                group.MaxDuration = d;
            }

            if (d >= _options.SlowQueryThreshold)
            {
                group.SlowCount++;
            }
        }

        if (rows is { } r)
        {
            group.RecordRows(r);
        }

        if (failed)
        {
            group.FailedCount++;
        }

        if (valuesKey is { } values)
        {
            if (!group.Values.Increment(values, _options.MaxDistinctValuesPerStatement))
            {
                group.UntrackedValueCount++;
            }
        }
        else
        {
            group.UnknownValueCount++;
        }

        buffers.Timeline.Add(statement.Fingerprint, callSite, startedAt, duration, IsLive ? group : null);
        if (raw is not null && buffers.Events.Count < _options.MaxEventsPerScope)
        {
            buffers.Events.Add(raw);
            _rawCount = buffers.Events.Count;
        }
    }

    /// <summary>
    /// Moves the one command recorded for <paramref name="fingerprint"/> at <paramref name="from"/> to
    /// <paramref name="to"/> (live capture: a place remembered from earlier scopes that a walk proved wrong). Does
    /// nothing unless that group holds exactly one command and <paramref name="to"/> has none yet.
    /// </summary>
    internal void MoveCallSite(SqlFingerprint fingerprint, CallSite from, CallSite to)
    {
        lock (_lock)
        {
            var fromKey = new GroupKey(fingerprint, from);
            var toKey = new GroupKey(fingerprint, to);
            if (_buffers is not { } buffers || !buffers.Groups.TryGetValue(fromKey, out var group) || group.Count != 1 || buffers.Groups.ContainsKey(toKey))
            {
                return;
            }

            buffers.Groups.Remove(fromKey);
            group.CallSite = to;
            buffers.Groups.Add(toKey, group);

            // A kept command already carries its new place (the capture moved it); a kept event is replaced.
            var index = group.FirstIndex;
            buffers.Timeline.MoveCallSite(index, from, to);
            if (index < buffers.Events.Count && buffers.Events[index] is QueryEvent kept && ReferenceEquals(kept.CallSite, from))
            {
                buffers.Events[index] = kept with { CallSite = to };
            }
        }
    }

    private StatementGroup NewGroup(SqlFingerprint fingerprint, CallSite callSite)
    {
        if (_spareGroups is { Count: > 0 } spares)
        {
            var spare = spares[^1];
            spares.RemoveAt(spares.Count - 1);
            spare.Reuse(fingerprint, callSite, _statementCount);
            return spare;
        }

        return new StatementGroup(fingerprint, callSite) { FirstIndex = _statementCount };
    }
}
