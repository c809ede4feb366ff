using Microsoft.Extensions.Logging;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;

namespace QueryDoctor.Capture;

/// <summary>
/// The end of a scope for one <see cref="QueryCapture"/>: judges a finished recording (detectors, enrichers,
/// suppressions) and delivers the report to every sink (event log, recent scopes, logger, callback). Owns the
/// sinks' state; every failure here is reported once and swallowed, so the host never sees it.
/// </summary>
internal sealed class ScopeCompletion
{
    private readonly Lock _lock = new();
    private readonly QueryDoctorOptions _options;
    private readonly ScopeAnalyzer _analyzer;
    private readonly DetectionOptions _detection;
    // Recent scopes with findings and clean ones, each with its completion number (RecentScopes merges them in order).
    private readonly Queue<(long Order, ScopeReport Report)> _recentWithFindings = new();
    private readonly Queue<(long Order, ScopeReport Report)> _recentClean = new();
    private readonly List<IFindingEnricher> _enrichers = [];
    private long _completed;

    [ThreadStatic]
    private static List<SuppressedFinding>? t_suppressed;

    private IFindingEnricher[] _enricherSnapshot = [];
    private readonly FailureReporter _failures = new();
    private EventLogWriter? _eventLog;
    private ILogger? _logger;
    private bool _loggerLookedUp;

    public ScopeCompletion(QueryDoctorOptions options, DetectionOptions detection)
    {
        _options = options;
        _logger = options.Logger;
        _detection = detection;
        _analyzer = new ScopeAnalyzer(detection) { DetectorFailed = (rule, exception) => Failed("detector " + rule, exception) };
        if (options.EventLogPath is { } path)
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
    }

    /// <summary>Whether query lines are written (an event log is open and has not failed).</summary>
    public bool WritesEventLog => Volatile.Read(ref _eventLog) is not null;

    /// <summary>The most recently finished scopes, oldest first.</summary>
    public IReadOnlyList<ScopeReport> RecentScopes
    {
        get
        {
            lock (_lock)
            {
                var recent = new ScopeReport[_recentWithFindings.Count + _recentClean.Count];
                using var findings = _recentWithFindings.GetEnumerator();
                using var clean = _recentClean.GetEnumerator();
                var hasFindings = findings.MoveNext();
                var hasClean = clean.MoveNext();
                for (var i = 0; i < recent.Length; i++)
                {
                    if (hasFindings && (!hasClean || findings.Current.Order < clean.Current.Order))
                    {
                        recent[i] = findings.Current.Report;
                        hasFindings = findings.MoveNext();
                    }
                    else
                    {
                        recent[i] = clean.Current.Report;
                        hasClean = clean.MoveNext();
                    }
                }

                return recent;
            }
        }
    }

    /// <summary>Empties <see cref="RecentScopes"/>.</summary>
    public void ClearRecentScopes()
    {
        lock (_lock)
        {
            _recentWithFindings.Clear();
            _recentClean.Clear();
        }
    }

    /// <summary>Closes the event log; later lines are not written.</summary>
    public void CloseEventLog()
    {
        lock (_lock)
        {
            _eventLog?.Dispose();
            _eventLog = null;
        }
    }

    /// <summary>Takes the application's logger when none was given (the first one found wins).</summary>
    public void UseLoggerIfNone(Func<ILogger?> create)
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

    /// <summary>Adds an enricher (once).</summary>
    public void AddEnricher(IFindingEnricher enricher)
    {
        lock (_lock)
        {
            if (!_enrichers.Contains(enricher))
            {
                _enrichers.Add(enricher);
                Volatile.Write(ref _enricherSnapshot, [.. _enrichers]);
            }
        }
    }

    /// <summary>Judges a finished recording and delivers its report to every sink. Never throws.</summary>
    public ScopeReport? Complete(ScopeRecording recording, TimeSpan? duration, int? status)
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
            recording.ReleaseBuffers(recording.Capture.Buffers);
            // Suppressed findings are rare: collected in a scratch list per thread, copied only when there are some.
            var suppressed = t_suppressed ?? [];
            t_suppressed = null;
            IReadOnlyList<Finding> findings = _analyzer.Analyze(scope, suppressed);
            var enrichers = Volatile.Read(ref _enricherSnapshot);

            foreach (var enricher in enrichers)
            {
                try
                {
                    findings = enricher.Enrich(new FindingEnrichmentContext(scope, findings, recording, _detection)) ?? findings;
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

            // Lines held while the name or a remembered call site could still change are final now.
            if (recording.TakeDeferred() is { } held)
            {
                WriteEvents(recording, held);
            }

            var report = new ScopeReport(scope, findings, _options.TimeProvider.GetUtcNow(), suppressed.Count == 0 ? null : suppressed.ToArray());
            suppressed.Clear();
            t_suppressed = suppressed;
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

    /// <summary>Logs a failure of the capture once per kind. Never throws.</summary>
    public void Failed(string where, Exception exception)
    {
        var logger = _logger;
        _failures.Report(where, exception, logger is null ? null : (e, kind) => CaptureLog.CaptureFailed(logger, e, kind));
    }

    /// <summary>Writes held query lines in order, each event built now from its finished command (its final call site).</summary>
    public void WriteEvents(ScopeRecording recording, List<CapturedCommand> lines)
    {
        foreach (var command in lines)
        {
            WriteEvent(recording.Name, recording.ScopeId, command.ToEvent());
        }
    }

    /// <summary>Writes one query line to the event log, if there is one; a failing log is switched off.</summary>
    public void WriteEvent(string scope, string scopeId, QueryEvent queryEvent)
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

    private static LogLevel LevelOf(Severity severity) => severity switch
    {
        Severity.Error => LogLevel.Error,
        Severity.Warning => LogLevel.Warning,
        _ => LogLevel.Information,
    };

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

        var clean = report.Findings.Count == 0;
        if (_options.RecentScopeCapacity > 0 && (!clean || _options.RecentCleanScopeCapacity > 0))
        {
            // Clean scopes are kept fewer (RecentCleanScopeCapacity): each one kept past a collection is promoted, so
            // keeping a hundred costs a busy application measurable garbage-collection time.
            lock (_lock)
            {
                (clean ? _recentClean : _recentWithFindings).Enqueue((++_completed, report));
                if (_recentClean.Count > _options.RecentCleanScopeCapacity)
                {
                    _recentClean.Dequeue();
                }

                while (_recentWithFindings.Count + _recentClean.Count > _options.RecentScopeCapacity)
                {
                    var oldest = _recentClean.Count == 0
                        || (_recentWithFindings.Count > 0 && _recentWithFindings.Peek().Order < _recentClean.Peek().Order)
                        ? _recentWithFindings
                        : _recentClean;
                    oldest.Dequeue();
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

        if (_options.OnScopeCompleted is { } callback)
        {
            try
            {
                callback(report);
            }
#pragma warning disable CA1031 // A throwing callback is the user's bug; it must not become the host's failure.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var sinkLogger = _logger;
                _failures.Report("sink callback", exception, sinkLogger is null ? null : (e, _) => CaptureLog.SinkFailed(sinkLogger, e, "callback"));
            }
        }
    }
}
