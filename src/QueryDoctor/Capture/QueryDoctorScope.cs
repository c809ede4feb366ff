using System.Diagnostics;
using QueryDoctor.Recording;

namespace QueryDoctor.Capture;

/// <summary>
/// A unit of work whose queries are judged together: a request, a job, a test, or any block of code.
/// <c>using var scope = QueryDoctorScope.Begin("import");</c> makes it current for the code that follows,
/// including awaited and parallel work started from it (<see cref="Task.WhenAll(IEnumerable{Task})"/>),
/// because the current scope flows with <see cref="AsyncLocal{T}"/>. Disposing it ends it: every
/// <see cref="QueryCapture"/> that saw queries in it runs the detectors and delivers the findings to its
/// sinks; in <see cref="QueryDoctorMode.Test"/> it then throws <see cref="QueryDoctorException"/> when
/// findings fail the scope. Queries outside any scope go to each capture's ambient scope, so nothing is lost.
/// </summary>
/// <remarks>
/// The entry type is named <c>QueryDoctorScope</c> (not <c>QueryDoctor</c>) because <c>QueryDoctor</c> is
/// the root namespace. Scopes nest: the innermost one receives the queries.
/// </remarks>
public sealed class QueryDoctorScope : IDisposable
{
    private static readonly AsyncLocal<QueryDoctorScope?> CurrentScope = new();

    // The id doubles as the scope's lock: it is private (only its text leaves) and is needed anyway, so a scope
    // allocates no lock object.
    private readonly ScopeIdentity _id;
    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private ScopeRecording? _first;
    private List<ScopeRecording>? _others;
    // The reports: the one report (the usual case: its list is made only if someone asks) or an IReadOnlyList<ScopeReport>.
    private object _reports = Array.Empty<ScopeReport>();

    // The captures that delivered _reports, in order: one QueryCapture (the usual case, no array) or a QueryCapture[].
    private object _reporters = Array.Empty<QueryCapture>();
    private volatile bool _completed;

    private QueryDoctorScope(string name, QueryDoctorScope? parent, TimeProvider timeProvider)
    {
        Name = name;
        Parent = parent;
        _id = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity
            ? new ScopeIdentity(activity.TraceId.ToHexString() + "-" + activity.SpanId.ToHexString())
            : new ScopeIdentity();
        _timeProvider = timeProvider;
        _startTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>The innermost scope that has not ended in the current async flow, or <see langword="null"/>.</summary>
    public static QueryDoctorScope? Current
    {
        get
        {
            var scope = CurrentScope.Value;
            while (scope is { _completed: true })
            {
                scope = scope.Parent;
            }

            return scope;
        }
    }

    /// <summary>The scope's name, e.g. <c>GET /calendars/{id}</c> or <c>job:cleanup</c>.</summary>
    public string Name { get; private set; }

    /// <summary>
    /// Whether the name may still change before the scope ends (a request whose route is known only after the app's
    /// router ran); the event log then holds the scope's query lines until the name is final. Set it right after
    /// <c>Begin</c>, before the first statement, and give the final name with <see cref="Rename"/>.
    /// </summary>
    public bool NameIsProvisional { get; set; }

    /// <summary>
    /// This instance's id, written as <c>scopeId</c> with each of its events and on its scope line: the W3C trace id
    /// and span id (<c>traceid-spanid</c>) of the <see cref="Activity"/> current when the scope began, so log lines
    /// join traces; a new unique id when there was none.
    /// </summary>
    public string ScopeId => _id.Text;

    /// <summary>The scope that was current when this one began, if any.</summary>
    public QueryDoctorScope? Parent { get; }

    /// <summary>Whether the scope has ended.</summary>
    public bool IsCompleted => _completed;

    /// <summary>
    /// Statements recorded in this scope so far, over every capture (sampled scopes only). Readable while the scope
    /// runs, e.g. for a request's <c>Server-Timing</c> header sent before the request ends.
    /// </summary>
    public int StatementCount => (int)Sum(static r => r.StatementCount);

    /// <summary>Measured time of the statements recorded in this scope so far, over every capture.</summary>
    public TimeSpan StatementDuration => TimeSpan.FromTicks(Sum(static r => r.StatementDuration.Ticks));

    /// <summary>
    /// The outcome's status code (an HTTP status for a request; any code for a job), set before the scope ends;
    /// kept on the finished <see cref="QueryScope.Status"/> and written to the event log's scope line.
    /// </summary>
    public int? Status { get; set; }

    /// <summary>The reports delivered when the scope ended, one per capture that saw queries in it.</summary>
    public IReadOnlyList<ScopeReport> Reports
    {
        get
        {
            var reports = Volatile.Read(ref _reports);
            if (reports is ScopeReport only)
            {
                // Two readers at once may each make a list: the same one report either way.
                IReadOnlyList<ScopeReport> list = [only];
                Volatile.Write(ref _reports, list);
                return list;
            }

            return (IReadOnlyList<ScopeReport>)reports;
        }
    }

    /// <summary>
    /// The report one capture delivered when the scope ended: what a test checks when several captures
    /// (several databases) saw the same scope.
    /// </summary>
    /// <param name="capture">The capture.</param>
    /// <returns>
    /// The report; an empty report (no statements, no findings) when the capture saw no statements in the scope or did
    /// not sample it; <see langword="null"/> only while the scope has not ended.
    /// </returns>
    public ScopeReport? ReportFor(QueryCapture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (!_completed)
        {
            return null;
        }

        var reports = Volatile.Read(ref _reports);
        switch (_reporters)
        {
            case QueryCapture only:
                if (ReferenceEquals(only, capture) && (reports as ScopeReport ?? (reports is IReadOnlyList<ScopeReport> { Count: 1 } one ? one[0] : null)) is { } report)
                {
                    return report;
                }

                break;
            case QueryCapture[] reporters when reports is IReadOnlyList<ScopeReport> list:
                for (var i = 0; i < reporters.Length && i < list.Count; i++)
                {
                    if (ReferenceEquals(reporters[i], capture))
                    {
                        return list[i];
                    }
                }

                break;
        }

        return new ScopeReport(new QueryScopeBuilder(Name).Build(), [], capture.TimeProvider.GetUtcNow());
    }

    /// <summary>
    /// Suppresses findings about statements issued inside a block known to repeat them on purpose (a batch job's loop,
    /// a warm-up): <c>using (QueryDoctorScope.Suppress("warms the cache", RuleIds.NPlusOne)) { … }</c>. A finding of one
    /// of the rules (every rule when none are given) is suppressed when all its statements ran inside the block; it is
    /// listed in <see cref="ScopeReport.Suppressed"/> with the reason. Flows with async work like the scope.
    /// Scope-wide findings (<c>too-many-queries</c>, <c>slow-scope</c>) are not suppressed by a block.
    /// </summary>
    /// <param name="reason">Why the statements repeat; shown with the suppressed findings.</param>
    /// <param name="rules">The rule ids to suppress; every rule when empty.</param>
    /// <returns>Dispose it to end the block.</returns>
    public static IDisposable Suppress(string reason, params string[] rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(rule, nameof(rules));
        }

        return SuppressionBlock.Begin(reason, [.. rules]);
    }

    /// <summary>Begins a scope and makes it current for the calling code and the work it starts.</summary>
    /// <param name="name">The scope's name.</param>
    /// <param name="timeProvider">The clock for the scope's duration; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The scope; dispose it to end it.</returns>
    public static QueryDoctorScope Begin(string name, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var scope = new QueryDoctorScope(name, Current, timeProvider ?? TimeProvider.System);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>
    /// Ends the scope: judges its queries and delivers the findings. In <see cref="QueryDoctorMode.Test"/>
    /// throws <see cref="QueryDoctorException"/> when findings fail the scope. Disposing twice does nothing.
    /// </summary>
    /// <exception cref="QueryDoctorException">Test mode, and the scope has findings at or above the fail severity.</exception>
    public void Dispose()
    {
        ScopeRecording? single;
        ScopeRecording[] recordings;
        lock (_id)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            single = _others is null ? _first : null;
            recordings = _first is null || single is not null ? [] : [_first, .. _others!];
        }

        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = Parent;
        }

        var duration = _timeProvider.GetElapsedTime(_startTimestamp);
        if (single is not null)
        {
            // One capture saw the scope (the usual request): no arrays beyond the one report.
            if (single.Capture.Complete(single, duration, Status) is { } only)
            {
                _reporters = single.Capture;
                _reports = only;
                List<Finding>? failingOne = null;
                CollectFailing(single.Capture.Options, only, ref failingOne);
                if (failingOne is not null)
                {
                    throw new QueryDoctorException(Name, failingOne);
                }
            }

            return;
        }

        var reports = new ScopeReport[recordings.Length];
        var reporters = new QueryCapture[recordings.Length];
        var delivered = 0;
        List<Finding>? failing = null;
        foreach (var recording in recordings)
        {
            if (recording.Capture.Complete(recording, duration, Status) is not { } report)
            {
                continue;
            }

            reports[delivered] = report;
            reporters[delivered] = recording.Capture;
            delivered++;
            CollectFailing(recording.Capture.Options, report, ref failing);
        }

        if (delivered < reports.Length)
        {
            Array.Resize(ref reports, delivered);
            Array.Resize(ref reporters, delivered);
        }

        _reporters = reporters;
        _reports = reports;
        if (failing is not null)
        {
            throw new QueryDoctorException(Name, failing);
        }
    }

    /// <summary>In test mode, adds the report's findings at or above the fail severity to <paramref name="failing"/>.</summary>
    private static void CollectFailing(QueryDoctorOptions options, ScopeReport report, ref List<Finding>? failing)
    {
        if (options.Mode != QueryDoctorMode.Test)
        {
            return;
        }

        foreach (var finding in report.Findings)
        {
            if (finding.Severity >= options.FailOnSeverity)
            {
                (failing ??= []).Add(finding);
            }
        }
    }

    /// <summary>Gives the scope its final name before it ends (see <see cref="NameIsProvisional"/>); after the end it does nothing.</summary>
    /// <param name="name">The final name, e.g. <c>GET /calendars/{id}</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_id)
        {
            if (_completed)
            {
                return;
            }

            Name = name;
            _first?.Rename(name);
            foreach (var other in _others ?? [])
            {
                other.Rename(name);
            }
        }
    }

    private long Sum(Func<ScopeRecording, long> value)
    {
        var total = 0L;
        lock (_id)
        {
            if (_first is not null)
            {
                total += value(_first);
            }

            foreach (var other in _others ?? [])
            {
                total += value(other);
            }
        }

        return total;
    }

    /// <summary>The recording of this scope for one capture, created on its first query; <see langword="null"/> once ended.</summary>
    internal ScopeRecording? RecordingFor(QueryCapture capture)
    {
        var first = Volatile.Read(ref _first);
        if (first is not null && ReferenceEquals(first.Capture, capture))
        {
            return first;
        }

        lock (_id)
        {
            if (_completed)
            {
                return null;
            }

            if (_first is null)
            {
                _first = capture.CreateRecording(Name, ambient: false, _id);
                _first.DeferEventLog = NameIsProvisional;
                return _first;
            }

            if (ReferenceEquals(_first.Capture, capture))
            {
                return _first;
            }

            _others ??= [];
            foreach (var other in _others)
            {
                if (ReferenceEquals(other.Capture, capture))
                {
                    return other;
                }
            }

            var recording = capture.CreateRecording(Name, ambient: false, _id);
            recording.DeferEventLog = NameIsProvisional;
            _others.Add(recording);
            return recording;
        }
    }
}
