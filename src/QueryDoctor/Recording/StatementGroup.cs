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
    internal StatementGroup(SqlFingerprint fingerprint, CallSite callSite)
    {
        Fingerprint = fingerprint;
        CallSite = callSite;
    }

    /// <summary>The statements' shape.</summary>
    public SqlFingerprint Fingerprint { get; }

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
    public DateTimeOffset? FirstStartedAt { get; internal set; }

    /// <summary>Start time of the latest statement, when timestamps were given.</summary>
    public DateTimeOffset? LastStartedAt { get; internal set; }

    /// <summary>Total measured execution time.</summary>
    public TimeSpan TotalDuration { get; internal set; }

    /// <summary>The longest single execution.</summary>
    public TimeSpan MaxDuration { get; internal set; }

    /// <summary>Statements at or above the slow-query threshold in force when they were recorded.</summary>
    public int SlowCount { get; internal set; }

    /// <summary>The most rows any one statement read or affected, when known.</summary>
    public long? MaxRows { get; internal set; }

    /// <summary>Statements whose parameter values were unknown.</summary>
    public int UnknownValueCount { get; internal set; }

    /// <summary>Statements that failed.</summary>
    public int FailedCount { get; internal set; }

    /// <summary>
    /// For statements with known values: how many times each distinct set of values (a hash of the
    /// parameters and inlined literals) ran. Bounded; see <see cref="UntrackedValueCount"/>.
    /// </summary>
    public IReadOnlyDictionary<ulong, int> ValueCounts => Values;

    /// <summary>
    /// How many distinct sets of values the statements ran with (values past the per-group bound count as distinct);
    /// <see langword="null"/> when any statement's values were unknown. <see cref="Count"/> minus this is the repeats.
    /// </summary>
    public int? DistinctValues => UnknownValueCount == 0 ? Values.Count + UntrackedValueCount : null;

    /// <summary>
    /// The shortest idle time between the end of one statement of the group and the start of the next (start times
    /// known); <see langword="null"/> for a single statement or when times are unknown. A negative value means two of
    /// them overlapped. Polling loops wait between their statements; loops over items do not.
    /// </summary>
    public TimeSpan? MinGap => GapUnknown ? null : ShortestGap;

    internal TimeSpan? ShortestGap { get; set; }

    /// <summary>Set once a statement of the group came without a start time.</summary>
    internal bool GapUnknown { get; set; }

    /// <summary>When the latest statement ended (start plus duration), for <see cref="MinGap"/>.</summary>
    internal DateTimeOffset? LastEndedAt { get; set; }

    /// <summary>Statements with known values not tracked because the per-group bound was reached.</summary>
    public int UntrackedValueCount { get; internal set; }

    /// <summary>
    /// Whether every statement ran with the same known values. Unknown values count as different, so
    /// a group with any unknown values is never identical.
    /// </summary>
    public bool AllValuesIdentical => UnknownValueCount == 0 && UntrackedValueCount == 0 && Values.Count == 1;

    /// <summary>
    /// Rule ids allowed by a <c>querydoctor:allow</c> comment on every statement of the group (see
    /// <see cref="SqlStatement.AllowedRules"/>); empty when any statement came without it.
    /// </summary>
    public IReadOnlyList<string> AllowedRules => Allowed ?? [];

    internal ValueCountMap Values { get; } = new();

    /// <summary>The rules every statement so far allowed; <see langword="null"/> once one allowed none.</summary>
    internal IReadOnlyList<string>? Allowed { get; private set; }

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

    internal HashSet<string>? Batches { get; set; }
}
