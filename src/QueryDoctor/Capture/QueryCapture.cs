using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using QueryDoctor.Detection;
using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// The live capture: turns executed commands into <see cref="QueryEvent"/>s of the current
/// <see cref="QueryDoctorScope"/> (or of an ambient scope), and when a scope ends runs the same detectors as
/// <c>querydoctor analyze</c> and delivers the findings to the sinks (logger, callback, in-memory store,
/// event log). Integrations (EF Core's <c>UseQueryDoctor()</c>, <see cref="DbConnectionExtensions.WithQueryDoctor(DbConnection, QueryCapture)"/>)
/// share one instance; it is thread-safe. Every failure of its own is logged once and swallowed: the host's
/// queries, results and exceptions are never changed.
/// </summary>
public sealed class QueryCapture : IDisposable
{
    /// <summary>Name of the scope that receives commands issued outside any <see cref="QueryDoctorScope"/>.</summary>
    public const string AmbientScopeName = "(ambient)";

    // Stack walks per fingerprint per scope before a single call site is assumed; later commands are re-checked
    // at powers of two, so a loop of 10,000 iterations costs about 16 walks.
    private const int CallSiteCapturesPerFingerprint = 3;

    private readonly Lock _lock = new();
    private readonly DetectionOptions _detection;
    private readonly ScopeAnalyzer _analyzer;
    private readonly CallSiteResolver _resolver;
    private readonly SqlFingerprinter _fingerprinter = SqlFingerprinter.Shared;
    private ILogger? _logger;
    private readonly Queue<ScopeReport> _recent = new();
    private readonly HashSet<string> _reportedFailures = new(StringComparer.Ordinal);
    private readonly List<IFindingEnricher> _enrichers = [];
    private readonly RecordingBufferPool _buffers = new();
    private EventLogWriter? _eventLog;
    private ScopeRecording _ambient;
    private long _scopeCounter;
    private long _stackWalks;
    private bool _disposed;
    private bool _loggerLookedUp;

    /// <summary>Creates a capture; the options are validated and copied in effect (later changes are not seen).</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QueryCapture(QueryDoctorOptions? options = null)
    {
        Options = options ?? new QueryDoctorOptions();
        Options.Validate();
        _detection = Options.EffectiveDetection();
        _logger = Options.Logger;
        _analyzer = new ScopeAnalyzer(_detection) { DetectorFailed = (rule, exception) => Failed("detector " + rule, exception) };
        _resolver = new CallSiteResolver(Options.IsUserCode);
        if (Options.EventLogPath is { } path)
        {
            try
            {
                _eventLog = EventLogWriter.Open(path);
            }
#pragma warning disable CA1031 // An unwritable event log switches the event log off, never the application.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (_logger is not null)
                {
                    CaptureLog.EventLogFailed(_logger, exception, path);
                }
            }
        }

        _ambient = CreateRecording(AmbientScopeName, ambient: true, QueryDoctorScope.NewScopeId());
    }

    /// <summary>The settings this capture was built from.</summary>
    public QueryDoctorOptions Options { get; }

    /// <summary>The most recently finished scopes, oldest first (at most <see cref="QueryDoctorOptions.RecentScopeCapacity"/>).</summary>
    public IReadOnlyList<ScopeReport> RecentScopes
    {
        get
        {
            lock (_lock)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>The findings of <see cref="RecentScopes"/>, in order.</summary>
    public IReadOnlyList<Finding> RecentFindings => [.. RecentScopes.SelectMany(r => r.Findings)];

    internal TimeProvider TimeProvider => Options.TimeProvider;

    internal DetectionOptions Detection => _detection;

    /// <summary>Empties <see cref="RecentScopes"/> (e.g. between tests).</summary>
    public void ClearRecentScopes()
    {
        lock (_lock)
        {
            _recent.Clear();
        }
    }

    /// <summary>
    /// Judges the commands collected so far outside any scope as one scope named <see cref="AmbientScopeName"/>,
    /// delivers its findings and starts a new ambient scope.
    /// </summary>
    /// <returns>The report, or <see langword="null"/> when there was nothing to judge.</returns>
    public ScopeReport? FlushAmbient()
    {
        ScopeRecording finished;
        lock (_lock)
        {
            finished = _ambient;
            if (finished.EventCount == 0)
            {
                return null;
            }

            _ambient = CreateRecording(AmbientScopeName, ambient: true, QueryDoctorScope.NewScopeId());
        }

        return Complete(finished, duration: null);
    }

    /// <summary>Flushes the ambient scope and closes the event log.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        FlushAmbient();
        lock (_lock)
        {
            _disposed = true;
            _eventLog?.Dispose();
            _eventLog = null;
        }
    }

    /// <summary>
    /// Gives a capture built without <see cref="QueryDoctorOptions.Logger"/> the application's logger, found by an
    /// integration (EF Core's logger factory). The first one wins; an explicit logger is never replaced.
    /// </summary>
    internal void UseLoggerIfNone(Func<ILogger?> create)
    {
        if (Volatile.Read(ref _logger) is not null || _loggerLookedUp)
        {
            return;
        }

        _loggerLookedUp = true;
        try
        {
            if (create() is { } logger)
            {
                Interlocked.CompareExchange(ref _logger, logger, null);
            }
        }
#pragma warning disable CA1031 // No logger found: findings still reach the other sinks.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    internal void AddEnricher(IFindingEnricher enricher)
    {
        lock (_lock)
        {
            if (!_enrichers.Contains(enricher))
            {
                _enrichers.Add(enricher);
            }
        }
    }

    internal ScopeRecording CreateRecording(string name, bool ambient, string? scopeId = null)
    {
        scopeId ??= QueryDoctorScope.NewScopeId();
        // The ambient scope is sampled window by window (AmbientFlushThreshold commands each); each window is an instance.
        if (!IsSampled())
        {
            return new ScopeRecording(this, name, null, ambient) { ScopeId = scopeId };
        }

        var buffers = _buffers.Rent();
        return new ScopeRecording(this, name, new QueryScopeBuilder(name, _detection, _fingerprinter, buffers) { ScopeId = scopeId }, ambient, buffers) { ScopeId = scopeId };
    }

    /// <summary>
    /// The call site of the calling code, taken when a connection opens asynchronously (the user's frames are gone
    /// from the command hooks if the open yields); <see langword="null"/> when call sites are off, the current
    /// scope is not recorded, or the walk fails. Integrations call it only while opens are known to yield
    /// (<see cref="OpenCallSitePolicy"/>).
    /// </summary>
    internal CallSite? CaptureOpenCallSite()
    {
        try
        {
            if (!Options.CaptureCallSites || CurrentRecording().Builder is null || !OpenCallSites.ShouldWalk())
            {
                return null;
            }

            Interlocked.Increment(ref _stackWalks);
            return _resolver.Capture();
        }
#pragma warning disable CA1031 // A stack we cannot take only costs the call site.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("connection open", exception);
            return null;
        }
    }

    /// <summary>Stack walks taken so far (commands and connection opens): what tests and probes count.</summary>
    internal long StackWalks => Interlocked.Read(ref _stackWalks);

    /// <summary>Whether asynchronous opens are walked now (only while they are seen to yield).</summary>
    internal OpenCallSitePolicy OpenCallSites { get; } = new();

    /// <summary>Where each statement shape is issued from, learned across scopes.</summary>
    internal CallSiteMemory CallSites { get; } = new();

    /// <summary>The recording commands issued now belong to: the current scope's, else the ambient one.</summary>
    internal ScopeRecording CurrentRecording() => QueryDoctorScope.Current?.RecordingFor(this) ?? Volatile.Read(ref _ambient);

    /// <summary>
    /// Starts a command. Returns <see langword="null"/> when the command is not recorded (scope not sampled, or a
    /// failure inside the capture). <paramref name="fallbackCallSite"/> is a call site taken earlier, used when the
    /// live stack holds no user frame (an asynchronous open yielded).
    /// </summary>
    internal PendingCommand? Start(string? sql, DbParameterCollection? parameters, string? batch, CallSite? fallbackCallSite)
    {
        try
        {
            if (string.IsNullOrEmpty(sql))
            {
                return null;
            }

            var recording = CurrentRecording();
            if (recording.Builder is null)
            {
                if (recording.IsAmbient && recording.CountEvent() >= Options.AmbientFlushThreshold)
                {
                    lock (_lock)
                    {
                        if (ReferenceEquals(_ambient, recording))
                        {
                            _ambient = CreateRecording(AmbientScopeName, ambient: true, QueryDoctorScope.NewScopeId());
                        }
                    }
                }

                return null;
            }

            var statement = _fingerprinter.Analyze(sql);
            IReadOnlyList<QueryParameter>? values = null;
            ulong hash;
            if (parameters is { Count: > 0 })
            {
                if (Options.IncludeParameterValues && Options.Mode != QueryDoctorMode.Production)
                {
                    var list = new QueryParameter[parameters.Count];
                    for (var i = 0; i < list.Length; i++)
                    {
                        var parameter = parameters[i];
                        list[i] = new QueryParameter(parameter.ParameterName, parameter.Value);
                    }

                    hash = ParameterValues.Hash(list);
                    values = list;
                }
                else
                {
                    // Only the hash is kept: no copy of the values.
                    hash = ParameterValues.Hash(parameters);
                }
            }
            else
            {
                hash = ParameterValues.EmptyHash;
            }

            var callSite = CallSite.Unknown;
            var recalled = false;
            if (Options.CaptureCallSites)
            {
                if (recording.NeedsCallSite(statement.Fingerprint, CallSiteCapturesPerFingerprint, out var known, out recalled))
                {
                    Interlocked.Increment(ref _stackWalks);
                    var walked = _resolver.Capture();
                    callSite = walked;
                    if (walked.IsUnknown)
                    {
                        // No user frame on the stack: an asynchronous open before this command yielded (or the
                        // code has no user frame at all). Walk opens again so the next commands have a fallback;
                        // this one takes the open's call site, else the one place the shape is known from.
                        OpenCallSites.Yielded();
                        callSite = fallbackCallSite ?? CallSites.Trusted(statement.Fingerprint) ?? CallSite.Unknown;
                    }

                    recording.ReportCallSite(statement.Fingerprint, callSite, learn: !walked.IsUnknown || fallbackCallSite is not null);
                }
                else
                {
                    callSite = known;
                }
            }

            var pending = new PendingCommand
            {
                Recording = recording,
                Statement = statement,
                Sql = sql,
                CallSite = callSite,
                ValuesHash = hash,
                Parameters = values,
                StartedAt = Options.TimeProvider.GetUtcNow(),
                Batch = batch,
                StartTimestamp = Options.TimeProvider.GetTimestamp(),
                Suppression = SuppressionBlock.Current,
            };
            if (recalled)
            {
                recording.Recalled(statement.Fingerprint, pending);
            }

            return pending;
        }
#pragma warning disable CA1031 // The host's command must run whatever happens here.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("command start", exception);
            return null;
        }
    }

    /// <summary>Marks the moment the command is handed to the provider (after all our own start work).</summary>
    internal void Sent(PendingCommand? command)
    {
        if (command is not null)
        {
            command.SentTimestamp = Options.TimeProvider.GetTimestamp();
        }
    }

    /// <summary>Records the end of the command's execution (its reader may still be open).</summary>
    internal void Executed(PendingCommand? command, bool failed)
    {
        if (command is null)
        {
            return;
        }

        try
        {
            var start = command.SentTimestamp != 0 ? command.SentTimestamp : command.StartTimestamp;
            command.Duration ??= Options.TimeProvider.GetElapsedTime(start);
            command.Failed |= failed;
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("command end", exception);
        }
    }

    /// <summary>Adds the finished command to its scope (once; later calls are ignored).</summary>
    internal void Finish(PendingCommand? command, long? rows)
    {
        if (command is null || Interlocked.Exchange(ref command.FinishedFlag, 1) != 0)
        {
            return;
        }

        try
        {
            Executed(command, failed: false);
            var recording = command.Recording;
            var builder = recording.Builder!;

            command.Rows = rows;
            command.Db ??= Options.Db;

            // The finished command is the scope's raw record (an event is built only if someone reads it); the
            // event log needs the event now.
            var log = _eventLog;
            var queryEvent = log is not null ? command.ToEvent() : null;
            builder.Add(
                command.Statement,
                command.CallSite,
                QueryScopeBuilder.ValuesKey(command.Statement, command.ValuesHash),
                command.Duration,
                rows,
                command.StartedAt,
                command.Batch,
                command.Failed,
                builder.KeepsRawEvents ? (queryEvent ?? (object)command) : null);
            if (command.Note is { } note)
            {
                recording.Annotate(command.Statement.Fingerprint, command.CallSite, note);
            }

            recording.NoteSuppression(command.Statement.Fingerprint, command.CallSite, command.Suppression);

            recording.CountStatement(command.Duration);
            var count = recording.CountEvent();
            if (queryEvent is not null && log is not null && (!recording.DeferEventLog || !recording.Defer(queryEvent)))
            {
                WriteEvent(recording.Name, recording.ScopeId, queryEvent);
            }
            if (recording.IsAmbient && count >= Options.AmbientFlushThreshold)
            {
                lock (_lock)
                {
                    if (!ReferenceEquals(_ambient, recording))
                    {
                        return;
                    }

                    _ambient = CreateRecording(AmbientScopeName, ambient: true, QueryDoctorScope.NewScopeId());
                }

                Complete(recording, duration: null);
            }
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("command end", exception);
        }
    }

    /// <summary>Judges a finished recording and delivers its report to every sink. Never throws.</summary>
    internal ScopeReport? Complete(ScopeRecording recording, TimeSpan? duration, int? status = null)
    {
        try
        {
            if (recording.Completed || recording.Builder is null)
            {
                return null;
            }

            recording.Completed = true;
            recording.Builder.SetOutcome(duration, status);
            var scope = recording.Builder.Build();
            recording.ReleaseBuffers(_buffers);
            var suppressed = new List<SuppressedFinding>();
            IReadOnlyList<Finding> findings = _analyzer.Analyze(scope, suppressed);
            IFindingEnricher[] enrichers;
            lock (_lock)
            {
                enrichers = [.. _enrichers];
            }

            foreach (var enricher in enrichers)
            {
                try
                {
                    findings = enricher.Enrich(scope, findings, recording);
                }
#pragma warning disable CA1031 // A failing enricher leaves the plain findings.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    Failed("enricher " + enricher.GetType().Name, exception);
                }
            }

            if (enrichers.Length > 0)
            {
                findings = _analyzer.ApplySuppressions(scope, findings, suppressed);
            }

            if (recording.HasSuppressionBlocks)
            {
                findings = recording.ApplySuppressionBlocks(scope, findings, suppressed);
            }

            if (recording.DeferEventLog)
            {
                foreach (var held in recording.TakeDeferred())
                {
                    WriteEvent(recording.Name, recording.ScopeId, held);
                }
            }

            var report = new ScopeReport(scope, findings, Options.TimeProvider.GetUtcNow(), suppressed);
            Deliver(report, duration, status, recording.IsAmbient);
            Telemetry.QueryDoctorTelemetry.Record(report, duration);
            return report;
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("scope end", exception);
            return null;
        }
    }

    internal void Failed(string where, Exception exception)
    {
        try
        {
            bool first;
            lock (_lock)
            {
                first = _reportedFailures.Add(where);
            }

            if (first && _logger is not null)
            {
                CaptureLog.CaptureFailed(_logger, exception, where);
            }
        }
#pragma warning disable CA1031 // Even the logger failing must not reach the host.
        catch
#pragma warning restore CA1031
        {
        }
    }

    private static LogLevel LevelOf(Severity severity) => severity switch
    {
        Severity.Error => LogLevel.Error,
        Severity.Warning => LogLevel.Warning,
        _ => LogLevel.Information,
    };

    private bool IsSampled()
    {
        var rate = Options.SampleRate;
        if (rate >= 1)
        {
            return true;
        }

        if (rate <= 0)
        {
            return false;
        }

        // Deterministic: scope n is sampled when floor(n * rate) moves, e.g. every 10th scope at 0.1.
        var n = Interlocked.Increment(ref _scopeCounter);
        return Math.Floor(n * rate) != Math.Floor((n - 1) * rate);
    }

    private void WriteEvent(string scope, string scopeId, QueryEvent queryEvent)
    {
        var log = _eventLog;
        if (log is null)
        {
            return;
        }

        try
        {
            log.WriteQuery(scope, scopeId, queryEvent);
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EventLogBroken(log, exception);
        }
    }

    private void EventLogBroken(EventLogWriter log, Exception exception)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_eventLog, log))
            {
                return;
            }

            _eventLog = null;
        }

        try
        {
            log.Dispose();
        }
#pragma warning disable CA1031
        catch
#pragma warning restore CA1031
        {
        }

        if (_logger is not null)
        {
            Failed("event log " + log.Path, exception);
        }
    }

    private void Deliver(ScopeReport report, TimeSpan? duration, int? status, bool ambient)
    {
        if (_eventLog is { } log)
        {
            try
            {
                // Every instance ends with its scope line (an ambient window too), so a reader can judge and release it there.
                log.WriteScope(report.Name, report.Scope.ScopeId, ambient ? null : duration, ambient ? null : status);
            }
#pragma warning disable CA1031
            catch (Exception exception)
#pragma warning restore CA1031
            {
                EventLogBroken(log, exception);
            }
        }

        if (Options.RecentScopeCapacity > 0)
        {
            lock (_lock)
            {
                _recent.Enqueue(report);
                while (_recent.Count > Options.RecentScopeCapacity)
                {
                    _recent.Dequeue();
                }
            }
        }

        if (_logger is { } logger)
        {
            try
            {
                foreach (var finding in report.Findings)
                {
                    var level = LevelOf(finding.Severity);
                    if (logger.IsEnabled(level))
                    {
                        CaptureLog.Finding(logger, level, finding.Rule, report.Name, finding.Message, finding.Suggestion);
                    }
                }

                if (report.Findings.Count == 0)
                {
                    CaptureLog.ScopeClean(logger, report.Name, report.Scope.StatementCount);
                }
            }
#pragma warning disable CA1031
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Failed("logger sink", exception);
            }
        }

        if (Options.OnScopeCompleted is { } callback)
        {
            try
            {
                callback(report);
            }
#pragma warning disable CA1031 // A throwing callback is the user's bug; it must not become the host's failure.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                try
                {
                    bool first;
                    lock (_lock)
                    {
                        first = _reportedFailures.Add("sink callback");
                    }

                    if (first && _logger is not null)
                    {
                        CaptureLog.SinkFailed(_logger, exception, "callback");
                    }
                }
#pragma warning disable CA1031
                catch
#pragma warning restore CA1031
                {
                }
            }
        }
    }
}
