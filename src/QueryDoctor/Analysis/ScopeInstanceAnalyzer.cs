using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Detection;
using QueryDoctor.Reporting;
using QueryDoctor.Sql;

namespace QueryDoctor.Analysis;

/// <summary>
/// Judges finished scope instances one at a time, from any source (an event log, OTLP traces, the live capture),
/// and aggregates their findings per scope name: a finding is reported once per scope name, rule, statement shape
/// and call site, with the instances it fired in (<see cref="Finding.Occurrences"/>), the instances of that name
/// judged (<see cref="Finding.Instances"/>), its largest count in one instance and up to three example scope ids.
/// Nothing of an instance is kept after <see cref="Add(QueryScope, bool)"/> but one example per scope name (its totals
/// and bounded statement timeline, <see cref="ScopeSummary.Example"/>): memory grows with the scope names, statement
/// shapes and distinct findings, not with the instances. Thread-safe: instances can be added while
/// <see cref="Snapshot"/> is read (a server answering <c>GET /api/findings</c> while traces arrive).
/// </summary>
public sealed class ScopeInstanceAnalyzer : IScopeInstanceSink
{
    private const int MaxExamples = 3;

    // Up to this many findings in one instance are checked for a shared key pairwise, without a set.
    private const int PairwiseKeys = 8;

    [ThreadStatic]
    private static List<FindingDraft>? t_drafts;

    [ThreadStatic]
    private static List<SuppressedFinding>? t_suppressed;

    private readonly Lock _lock = new();
    private readonly ScopeAnalyzer _analyzer;
    private readonly Dictionary<string, ScopeStats> _scopes = new(StringComparer.Ordinal);
    private readonly List<ScopeStats> _scopeOrder = [];
    private readonly Dictionary<FindingKey, Aggregate> _findings = [];
    private readonly Dictionary<(FindingKey Key, string By), Aggregate> _suppressed = [];
    private readonly WorkloadShapes _shapes = new();
    private long _sequence;
    private long _instances;
    private long _events;
    private long _late;
    private long _judgedEarly;
    private long _skipped;

    /// <summary>Creates an analyzer that judges with the built-in scope rules and the custom detectors of <paramref name="options"/>.</summary>
    /// <param name="options">Thresholds, severities, suppressions; validated here. Defaults when <see langword="null"/>.</param>
    /// <param name="detectorFailed">Told when a detector throws (it is then skipped for that instance). Must not throw.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ScopeInstanceAnalyzer(DetectionOptions? options = null, Action<string, Exception>? detectorFailed = null)
        : this(new ScopeAnalyzer(options) { DetectorFailed = detectorFailed })
    {
    }

    /// <summary>Creates an analyzer that judges with a configured <see cref="ScopeAnalyzer"/>.</summary>
    /// <param name="analyzer">The scope rules to run on each instance.</param>
    public ScopeInstanceAnalyzer(ScopeAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        _analyzer = analyzer;
    }

    /// <summary>The options in force.</summary>
    public DetectionOptions Options => _analyzer.Options;

    /// <summary>Instances judged so far.</summary>
    public long InstanceCount
    {
        get
        {
            lock (_lock)
            {
                return _instances;
            }
        }
    }

    /// <summary>
    /// Judges one finished instance with the scope rules and adds its findings to the aggregate. Nothing of the
    /// instance is kept beyond its totals.
    /// </summary>
    /// <param name="instance">The finished instance (its <see cref="QueryScope.ScopeId"/> becomes an example id).</param>
    /// <param name="judgedEarly">
    /// Whether the instance was judged before it ended (pushed out because too many instances were open, or cut by a
    /// timeout): counted in <see cref="AnalysisReport.JudgedEarly"/>.
    /// </param>
    /// <returns>The instance's own findings (not aggregated), e.g. for a live sink.</returns>
    public IReadOnlyList<Finding> Add(QueryScope instance, bool judgedEarly = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var suppressed = new List<SuppressedFinding>();
        var findings = _analyzer.Analyze(instance, suppressed);
        AddJudged(instance, findings, suppressed, judgedEarly);
        return findings;
    }

    /// <summary>
    /// <see cref="Add(QueryScope, bool)"/> for a caller that does not need the instance's findings (a streaming reader):
    /// their texts are written only for the findings the aggregate keeps (a new one, or one with a larger count, and the
    /// scope name's example), not for each instance.
    /// </summary>
    internal void AddInstance(QueryScope instance, bool judgedEarly)
    {
        ArgumentNullException.ThrowIfNull(instance);

        // The thread's scratch lists: nothing keeps them past this call (the example and the aggregates take the
        // findings, never the lists), and a streaming reader judges tens of thousands of instances one after another.
        var drafts = t_drafts ??= [];
        var suppressed = t_suppressed ??= [];
        try
        {
            _analyzer.Draft(instance, drafts, suppressed);
            Judged(instance, drafts, null, suppressed, judgedEarly);
        }
        finally
        {
            drafts.Clear();
            suppressed.Clear();
        }
    }

    /// <summary>
    /// Adds an instance someone else already judged (the live capture, whose EF Core enrichers add findings of
    /// their own) to the aggregate.
    /// </summary>
    /// <param name="instance">The finished instance.</param>
    /// <param name="findings">Its findings.</param>
    /// <param name="suppressed">Its suppressed findings; <see langword="null"/> when none.</param>
    /// <param name="judgedEarly">Whether it was judged before it ended.</param>
    public void AddJudged(QueryScope instance, IReadOnlyList<Finding> findings, IReadOnlyList<SuppressedFinding>? suppressed = null, bool judgedEarly = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(findings);
        var drafts = new List<FindingDraft>(findings.Count);
        foreach (var finding in findings)
        {
            drafts.Add(new FindingDraft(finding));
        }

        Judged(instance, drafts, findings, suppressed, judgedEarly);
    }

    /// <summary>Counts a judged instance and adds its findings to the aggregates.</summary>
    /// <param name="instance">The finished instance.</param>
    /// <param name="drafts">Its findings, texts perhaps unwritten.</param>
    /// <param name="findings">The same findings written, when the caller has them.</param>
    /// <param name="suppressed">Its suppressed findings.</param>
    /// <param name="judgedEarly">Whether it was judged before it ended.</param>
    private void Judged(QueryScope instance, List<FindingDraft> drafts, IReadOnlyList<Finding>? findings, IReadOnlyList<SuppressedFinding>? suppressed, bool judgedEarly)
    {
        lock (_lock)
        {
            var sequence = _sequence++;
            _instances++;
            _events += instance.StatementCount;
            if (judgedEarly)
            {
                _judgedEarly++;
            }

            if (!_scopes.TryGetValue(instance.Name, out var stats))
            {
                stats = new ScopeStats(instance.Name, _scopeOrder.Count);
                _scopes.Add(instance.Name, stats);
                _scopeOrder.Add(stats);
            }

            stats.Add(instance);
            if (stats.Takes(instance, drafts.Count))
            {
                // The new example keeps its findings written; the aggregates below take the same objects.
                findings ??= drafts.ConvertAll(d => d.Complete());
                stats.Offer(instance, findings);
            }

            _shapes.Add(instance);

            // One instance counts once per key, however many of its findings share it (few findings: compared pairwise).
            HashSet<FindingKey>? seen = drafts.Count > PairwiseKeys ? [] : null;
            for (var i = 0; i < drafts.Count; i++)
            {
                var key = FindingKey.Of(drafts[i].Facts, instance.Name);
                if (seen is null ? !HasKeyBefore(drafts, i, key, instance.Name) : seen.Add(key))
                {
                    Merge(_findings, key, drafts[i], findings?[i], instance.ScopeId, sequence, stats);
                }
            }

            foreach (var item in suppressed ?? [])
            {
                var key = (FindingKey.Of(item.Finding, instance.Name), item.By);
                Merge(_suppressed, key, new FindingDraft(item.Finding), item.Finding, instance.ScopeId, sequence, stats);
            }
        }
    }

    /// <inheritdoc/>
    RecordingOptions IScopeInstanceSink.Recording => Options.Recording;

    /// <inheritdoc/>
    bool IScopeInstanceSink.MayKeepInstances => Options.Detectors.Count > 0;

    /// <inheritdoc/>
    void IScopeInstanceSink.Add(QueryScope instance, bool judgedEarly) => AddInstance(instance, judgedEarly);

    /// <inheritdoc/>
    void IScopeInstanceSink.CountLate(long events) => CountLate(events);

    /// <inheritdoc/>
    void IScopeInstanceSink.AddStatementText(SqlFingerprint fingerprint, ReadOnlySpan<char> sql) => AddStatementText(fingerprint, sql);

    /// <summary>Counts statements that arrived for an instance already judged (an event log's lines after its scope line): never judged.</summary>
    /// <param name="events">How many.</param>
    public void CountLate(long events = 1)
    {
        lock (_lock)
        {
            _late += events;
        }
    }

    /// <summary>Counts input lines a source skipped as invalid, for the summary.</summary>
    /// <param name="lines">How many.</param>
    public void CountSkipped(long lines)
    {
        lock (_lock)
        {
            _skipped += lines;
        }
    }

    /// <summary>
    /// Keeps the first executed text of a statement shape (one string per shape), so the plan-based rules can
    /// explain shapes whose instances kept no raw event (event logs are read without keeping events).
    /// </summary>
    /// <param name="fingerprint">The shape.</param>
    /// <param name="sql">The executed text.</param>
    internal void AddStatementText(SqlFingerprint fingerprint, ReadOnlySpan<char> sql)
    {
        lock (_lock)
        {
            _shapes.AddText(fingerprint, sql);
        }
    }

    /// <summary>
    /// The findings so far, aggregated across instances, with the scope summaries and counters. Callable at any
    /// time; the report does not change when more instances are added later.
    /// </summary>
    /// <returns>The report.</returns>
    public AnalysisReport Snapshot()
    {
        lock (_lock)
        {
            return new AnalysisReport
            {
                Findings = Materialise(_findings.Values),
                Suppressed = [.. Order(_suppressed).Select(p => new SuppressedFinding { Finding = p.Value.ToFinding(), By = p.Key.By })],
                EventCount = _events,
                SkippedLines = _skipped,
                ScopeInstances = _instances,
                LateEvents = _late,
                JudgedEarly = _judgedEarly,
                ScopeSummaries = [.. _scopeOrder.Select(s => s.ToSummary())],
                Workload = _shapes.Snapshot(),
                StatementSamples = _shapes.Texts(),
            };
        }
    }

    private static bool HasKeyBefore(List<FindingDraft> drafts, int index, FindingKey key, string scope)
    {
        for (var j = 0; j < index; j++)
        {
            if (FindingKey.Of(drafts[j].Facts, scope).Equals(key))
            {
                return true;
            }
        }

        return false;
    }

    private static List<Finding> Materialise(IEnumerable<Aggregate> aggregates) =>
        [.. aggregates.OrderBy(a => a.Scope.Order).ThenBy(a => a.FirstSequence).ThenBy(a => a.Index).Select(a => a.ToFinding())];

    private static IEnumerable<KeyValuePair<(FindingKey Key, string By), Aggregate>> Order(Dictionary<(FindingKey Key, string By), Aggregate> items) =>
        items.OrderBy(p => p.Value.Scope.Order).ThenBy(p => p.Value.FirstSequence).ThenBy(p => p.Value.Index);

    /// <summary>Adds one instance's finding to its aggregate; its texts are written only when it becomes the representative.</summary>
    private static void Merge<TKey>(Dictionary<TKey, Aggregate> aggregates, TKey key, FindingDraft draft, Finding? written, string? scopeId, long sequence, ScopeStats stats)
        where TKey : notnull
    {
        if (!aggregates.TryGetValue(key, out var aggregate))
        {
            aggregate = new Aggregate(written ?? draft.Complete(), stats, sequence, aggregates.Count);
            aggregates.Add(key, aggregate);
        }
        else if ((draft.Facts.Count ?? 0) > (aggregate.Representative.Count ?? 0))
        {
            aggregate.Representative = written ?? draft.Complete();
        }

        aggregate.Occurrences++;
        if (scopeId is not null && aggregate.Examples.Count < MaxExamples && !aggregate.Examples.Contains(scopeId))
        {
            aggregate.Examples.Add(scopeId);
        }
    }

    /// <summary>
    /// What makes two findings of different instances the same finding: scope name, rule, shape and call site (and
    /// the table for findings without a shape). Scope-wide rules (<c>too-many-queries</c>, <c>slow-scope</c>) are
    /// one finding per scope name: the shape they name is only the most repeated one of the instance.
    /// </summary>
    private readonly record struct FindingKey(string Scope, string Rule, string? Fingerprint, string? CallSite, string? Table)
    {
        public static FindingKey Of(Finding finding, string scope)
        {
            var wide = finding.Rule is RuleIds.TooManyQueries or RuleIds.SlowScope;
            return new FindingKey(
                finding.Scope ?? scope,
                finding.Rule,
                wide ? null : finding.Fingerprint,
                wide ? null : finding.CallSite,
                wide || finding.Fingerprint is not null ? null : finding.Table);
        }
    }

    private sealed class Aggregate(Finding first, ScopeStats scope, long sequence, int index)
    {
        public Finding Representative { get; set; } = first;

        public ScopeStats Scope { get; } = scope;

        public long FirstSequence { get; } = sequence;

        public int Index { get; } = index;

        public int Occurrences { get; set; }

        public List<string> Examples { get; } = [];

        public Finding ToFinding()
        {
            var finding = Representative with
            {
                Occurrences = Occurrences,
                Instances = Scope.Instances,
                Examples = Examples.Count > 0 ? [.. Examples] : null,
            };
            return InstanceWording.Describe(finding) is { } phrase
                ? finding with { Message = finding.Message + "; " + phrase }
                : finding;
        }
    }

    private sealed class ScopeStats(string name, int order)
    {
        private readonly InstanceDistribution _queries = new();
        private readonly InstanceDistribution _milliseconds = new();
        private long _statements;
        private long _roundTrips;
        private double _statementMs;
        private int? _lastStatus;
        private ScopeExample? _example;

        public string Name { get; } = name;

        public int Order { get; } = order;

        public int Instances { get; private set; }

        public void Add(QueryScope instance)
        {
            Instances++;
            _statements += instance.StatementCount;
            _roundTrips += instance.RoundTrips;
            _statementMs += instance.TotalDuration.TotalMilliseconds;
            _lastStatus = instance.Status ?? _lastStatus;
            _queries.Add(instance.RoundTrips);
            _milliseconds.Add((instance.Duration ?? instance.TotalDuration).TotalMilliseconds);
        }

        /// <summary>
        /// Whether <paramref name="instance"/> would become the example: it has more findings than the current one, or as
        /// many and more statements.
        /// </summary>
        public bool Takes(QueryScope instance, int findings) =>
            _example is not { } current
            || findings > current.Findings.Count
            || (findings == current.Findings.Count && instance.StatementCount > current.Instance.StatementCount);

        /// <summary>
        /// Keeps <paramref name="instance"/> as the example (see <see cref="Takes"/>): only its totals and bounded timeline
        /// (<see cref="QueryScope.WithTimelineOnly"/>).
        /// </summary>
        public void Offer(QueryScope instance, IReadOnlyList<Finding> findings)
        {
            _example = new ScopeExample { Instance = instance.WithTimelineOnly(), Findings = [.. findings] };
        }

        public ScopeSummary ToSummary() => new()
        {
            Example = _example,
            Name = Name,
            Instances = Instances,
            Statements = _statements,
            RoundTrips = _roundTrips,
            QueriesMedian = _queries.Median(),
            QueriesP95 = _queries.Percentile(95),
            MillisecondsMedian = Math.Round(_milliseconds.Median(), 3),
            MillisecondsP95 = Math.Round(_milliseconds.Percentile(95), 3),
            StatementMilliseconds = Math.Round(_statementMs, 3),
            LastStatus = _lastStatus,
        };
    }
}
