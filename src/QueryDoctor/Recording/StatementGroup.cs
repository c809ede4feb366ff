using QueryDoctor.Sql;

namespace QueryDoctor.Recording;

/// <summary>
/// The statements of one scope that share a fingerprint and a call site, aggregated: how many ran,
/// how long they took, how many rows they read, and whether their parameter values differed.
/// Detectors judge groups rather than raw events, so a scope's memory grows with its distinct
/// shapes and values, not with its event count.
/// </summary>
public sealed class StatementGroup
{
    // The nullable times and counts are kept as plain fields (UTC ticks, offset minutes) with a flag each: a request's
    // groups are its largest objects, and a DateTimeOffset? alone takes 24 bytes.
    private long _firstStartTicks;
    private long _lastStartTicks;
    private long _lastEndTicks;
    private long _shortestGapTicks;
    private long _maxRows;
    private ValueCountMap _values;
    private Rare? _rare;
    private short _firstStartOffset;
    private short _lastStartOffset;
    private Known _known;

    internal StatementGroup(SqlFingerprint fingerprint, CallSite callSite)
    {
        Fingerprint = fingerprint;
        CallSite = callSite;
    }

    /// <summary>The statements' shape.</summary>
    public SqlFingerprint Fingerprint { get; private set; }

    /// <summary>Where the statements came from.</summary>
    public CallSite CallSite { get; internal set; }

    /// <summary>Statements executed.</summary>
    public int Count { get; internal set; }

    /// <summary>Round trips: statements without a batch id, plus each distinct batch once.</summary>
    public int RoundTrips { get; internal set; }

    /// <summary>Position (0-based, in scope order) of the first statement of the group.</summary>
    public int FirstIndex { get; internal set; }

    /// <summary>Position (0-based, in scope order) of the last statement of the group.</summary>
    public int LastIndex { get; internal set; }

    /// <summary>Start time of the earliest statement, when timestamps were given.</summary>
    public DateTimeOffset? FirstStartedAt => Has(Known.FirstStart) ? At(_firstStartTicks, _firstStartOffset) : null;

    /// <summary>Start time of the latest statement, when timestamps were given.</summary>
    public DateTimeOffset? LastStartedAt => Has(Known.LastStart) ? At(_lastStartTicks, _lastStartOffset) : null;

    /// <summary>Total measured execution time.</summary>
    public TimeSpan TotalDuration { get; internal set; }

    /// <summary>The longest single execution.</summary>
    public TimeSpan MaxDuration { get; internal set; }

    /// <summary>Statements at or above the slow-query threshold in force when they were recorded.</summary>
    public int SlowCount { get; internal set; }

    /// <summary>The most rows any one statement read or affected, when known.</summary>
    public long? MaxRows => Has(Known.MaxRows) ? _maxRows : null;

    /// <summary>Statements whose parameter values were unknown.</summary>
    public int UnknownValueCount { get; internal set; }

    /// <summary>Statements that failed.</summary>
    public int FailedCount { get; internal set; }

    /// <summary>
    /// For statements with known values: how many times each distinct set of values (a hash of the
    /// parameters and inlined literals) ran. Bounded; see <see cref="UntrackedValueCount"/>.
    /// </summary>
    public IReadOnlyDictionary<ulong, int> ValueCounts => new ValueCountsView(this);

    /// <summary>
    /// How many distinct sets of values the statements ran with (values past the per-group bound count as distinct);
    /// <see langword="null"/> when any statement's values were unknown. <see cref="Count"/> minus this is the repeats.
    /// </summary>
    public int? DistinctValues => UnknownValueCount == 0 ? _values.Count + UntrackedValueCount : null;

    /// <summary>
    /// The shortest idle time between the end of one statement of the group and the start of the next (start times
    /// known); <see langword="null"/> for a single statement or when times are unknown. A negative value means two of
    /// them overlapped. Polling loops wait between their statements; loops over items do not.
    /// </summary>
    public TimeSpan? MinGap => (_known & (Known.GapUnknown | Known.Gap)) == Known.Gap ? TimeSpan.FromTicks(_shortestGapTicks) : null;

    /// <summary>Statements with known values not tracked because the per-group bound was reached.</summary>
    public int UntrackedValueCount { get; internal set; }

    /// <summary>
    /// Whether every statement ran with the same known values. Unknown values count as different, so
    /// a group with any unknown values is never identical.
    /// </summary>
    public bool AllValuesIdentical => UnknownValueCount == 0 && UntrackedValueCount == 0 && _values.Count == 1;

    /// <summary>
    /// Rule ids allowed by a <c>querydoctor:allow</c> comment on every statement of the group (see
    /// <see cref="SqlStatement.AllowedRules"/>); empty when any statement came without it.
    /// </summary>
    public IReadOnlyList<string> AllowedRules => Allowed ?? [];

    /// <summary>The counts behind <see cref="ValueCounts"/>, held in the group (what the builder and the rules use).</summary>
    internal ref ValueCountMap Values => ref _values;

    /// <summary>The rules every statement so far allowed; <see langword="null"/> once one allowed none.</summary>
    internal IReadOnlyList<string>? Allowed
    {
        get => _rare?.Allowed;
        private set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new Rare()).Allowed = value;
            }
        }
    }

    /// <summary>Narrows <see cref="Allowed"/> to what this statement also allows. Called under the builder's lock.</summary>
    internal void Allow(IReadOnlyList<string> rules)
    {
        if (Count == 1)
        {
            Allowed = rules.Count == 0 ? null : rules;
            return;
        }

        // Texts are cached, so a loop repeats one list instance: the common case costs a reference check.
        if (Allowed is null || ReferenceEquals(Allowed, rules))
        {
            return;
        }

        var both = Allowed.Where(rules.Contains).ToArray();
        Allowed = both.Length == 0 ? null : both;
    }

    /// <summary>The batch ids seen (statements sent together count one round trip); only groups of batched statements have them.</summary>
    internal HashSet<string>? Batches
    {
        get => _rare?.Batches;
        set
        {
            if (value is not null || _rare is not null)
            {
                (_rare ??= new Rare()).Batches = value;
            }
        }
    }

    /// <summary>
    /// Notes a statement's start time: the earliest and latest start, and the idle time since the previous statement
    /// of the group ended (<see cref="MinGap"/>). Called under the builder's lock, after <see cref="Count"/> counted it.
    /// </summary>
    internal void RecordStart(DateTimeOffset at, TimeSpan? duration)
    {
        var ticks = at.UtcTicks;
        if (Count == 1)
        {
            _lastEndTicks = (at + (duration ?? TimeSpan.Zero)).UtcTicks;
            _known |= Known.LastEnd;
        }
        else if ((_known & (Known.LastEnd | Known.GapUnknown)) == Known.LastEnd)
        {
            var gap = ticks - _lastEndTicks;
            if (!Has(Known.Gap) || _shortestGapTicks >= gap)
            {
                _shortestGapTicks = gap;
                _known |= Known.Gap;
            }

            _lastEndTicks = (at + (duration ?? TimeSpan.Zero)).UtcTicks;
        }

        if (!Has(Known.FirstStart) || ticks < _firstStartTicks)
        {
            _firstStartTicks = ticks;
            _firstStartOffset = (short)at.TotalOffsetMinutes;
            _known |= Known.FirstStart;
        }

        if (!Has(Known.LastStart) || ticks > _lastStartTicks)
        {
            _lastStartTicks = ticks;
            _lastStartOffset = (short)at.TotalOffsetMinutes;
            _known |= Known.LastStart;
        }
    }

    /// <summary>Notes a statement without a start time: the group's gaps are unknown from now on, never "polling".</summary>
    internal void RecordUntimed() => _known = (_known | Known.GapUnknown) & ~Known.LastEnd;

    /// <summary>Notes the rows a statement read or affected.</summary>
    internal void RecordRows(long rows)
    {
        if (!Has(Known.MaxRows) || rows > _maxRows)
        {
            _maxRows = rows;
            _known |= Known.MaxRows;
        }
    }

    private static DateTimeOffset At(long utcTicks, short offsetMinutes) =>
        new(utcTicks + (offsetMinutes * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(offsetMinutes));

    private bool Has(Known flag) => (_known & flag) != 0;

    /// <summary>
    /// Empties the group for another instance's statements, keeping its tables' capacity (a streaming reader reuses
    /// the groups of an instance once the instance was judged and nothing holds its snapshot any more).
    /// </summary>
    internal void Reuse(SqlFingerprint fingerprint, CallSite callSite, int firstIndex)
    {
        Fingerprint = fingerprint;
        CallSite = callSite;
        Count = 0;
        RoundTrips = 0;
        FirstIndex = firstIndex;
        LastIndex = 0;
        TotalDuration = TimeSpan.Zero;
        MaxDuration = TimeSpan.Zero;
        SlowCount = 0;
        UnknownValueCount = 0;
        FailedCount = 0;
        _known = Known.None;
        UntrackedValueCount = 0;
        Allowed = null;
        _values.Clear();
        Batches?.Clear();
    }

    /// <summary>What few groups need (allow comments, batches): one field for both, so the usual group is smaller.</summary>
    private sealed class Rare
    {
        public IReadOnlyList<string>? Allowed { get; set; }

        public HashSet<string>? Batches { get; set; }
    }

    /// <summary>Which of the plain fields behind the nullable properties hold a value.</summary>
    [Flags]
    private enum Known : byte
    {
        None = 0,
        FirstStart = 1,
        LastStart = 2,
        LastEnd = 4,
        Gap = 8,
        MaxRows = 16,

        /// <summary>A statement of the group came without a start time.</summary>
        GapUnknown = 32,
    }
}
