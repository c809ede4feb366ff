using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
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

    // Counts the captures whose asynchronous opens are walked now (OpenCallSitesWanted).
    private static readonly OpenCallSitePolicy.Gate OpenWalks = new();

    private readonly Lock _lock = new();
    private readonly DetectionOptions _detection;
    private readonly CallSiteResolver _resolver;
    private readonly SqlFingerprinter _fingerprinter = SqlFingerprinter.Shared;
    private readonly ScopeCompletion _completion;
    private readonly RecordingBufferPool _buffers = new();
    private ScopeRecording _ambient;
    private long _scopeCounter;
    private long _stackWalks;
    private bool _disposed;

    /// <summary>Creates a capture; the options are validated and copied in effect (later changes are not seen).</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public QueryCapture(QueryDoctorOptions? options = null)
    {
        Options = options ?? new QueryDoctorOptions();
        Options.Validate();
        _detection = Options.EffectiveDetection();
        _completion = new ScopeCompletion(Options, _detection);
        _resolver = new CallSiteResolver(Options.IsUserCode);
        OpenCallSites = new OpenCallSitePolicy(OpenWalks, walking: Options.CaptureCallSites);
        _ambient = CreateRecording(AmbientScopeName, ambient: true);
    }

    /// <summary>The settings this capture was built from.</summary>
    public QueryDoctorOptions Options { get; }

    /// <summary>
    /// The most recently finished scopes, oldest first: at most <see cref="QueryDoctorOptions.RecentScopeCapacity"/>, of
    /// which at most <see cref="QueryDoctorOptions.RecentCleanScopeCapacity"/> clean ones (the newest).
    /// </summary>
    public IReadOnlyList<ScopeReport> RecentScopes => _completion.RecentScopes;

    /// <summary>The findings of <see cref="RecentScopes"/>, in order.</summary>
    public IReadOnlyList<Finding> RecentFindings => [.. RecentScopes.SelectMany(r => r.Findings)];

    internal TimeProvider TimeProvider => Options.TimeProvider;

    internal DetectionOptions Detection => _detection;

    /// <summary>Whether parameter values (and the literals inlined in SQL text) are kept, else only their hash.</summary>
    private bool KeepsValues => Options.IncludeParameterValues && Options.Mode != QueryDoctorMode.Production;

    /// <summary>Empties <see cref="RecentScopes"/> (e.g. between tests).</summary>
    public void ClearRecentScopes() => _completion.ClearRecentScopes();

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

            _ambient = NextAmbient(finished);
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
        }

        OpenCallSites.Retire();

        _completion.CloseEventLog();
    }

    /// <summary>
    /// Gives a capture built without <see cref="QueryDoctorOptions.Logger"/> the application's logger, found by an
    /// integration (EF Core's logger factory). The first one wins; an explicit logger is never replaced.
    /// </summary>
    /// <param name="create">Creates the logger; called at most once, only while the capture has none. May return <see langword="null"/>.</param>
    public void UseLoggerIfNone(Func<ILogger?> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _completion.UseLoggerIfNone(create);
    }

    /// <summary>
    /// Adds an enricher that rewords or adds findings when a scope ends, with what its source knows beyond the SQL
    /// (EF Core adds one that names navigations and entities). Added once however often it is passed; it runs
    /// inside the capture's safety net, so a throwing enricher is logged once and skipped.
    /// </summary>
    /// <param name="enricher">The enricher.</param>
    public void AddEnricher(IFindingEnricher enricher)
    {
        ArgumentNullException.ThrowIfNull(enricher);
        _completion.AddEnricher(enricher);
    }

    /// <summary>
    /// Reports a failure of a source's own code (an interceptor, a listener) the way the capture reports its own:
    /// logged once per <paramref name="where"/> with the capture's logger, never thrown. A source calls it from the
    /// <c>catch</c> that keeps the host's command running.
    /// </summary>
    /// <param name="where">What failed, e.g. <c>"EF command start"</c>; one log entry per distinct value.</param>
    /// <param name="exception">The failure.</param>
    public void ReportFailure(string where, Exception exception) => Failed(where ?? "source", exception);

    /// <summary>The pooled working collections of this capture's scopes (returned when a scope is built).</summary>
    internal RecordingBufferPool Buffers => _buffers;

    internal ScopeRecording CreateRecording(string name, bool ambient, ScopeIdentity? scopeId = null)
    {
        scopeId ??= new ScopeIdentity();
        // The ambient scope is sampled window by window (AmbientFlushThreshold commands each); each window is an instance.
        if (!IsSampled())
        {
            return new ScopeRecording(this, name, null, ambient) { Identity = scopeId };
        }

        var buffers = _buffers.Rent();
        return new ScopeRecording(this, name, new QueryScopeBuilder(name, _detection.Recording, _fingerprinter, buffers) { Identity = scopeId }, ambient, buffers) { Identity = scopeId };
    }

    /// <summary>
    /// Starts the next ambient window when <paramref name="current"/> is still the ambient one (the window is full);
    /// <see langword="false"/> when another command already did.
    /// </summary>
    private bool RollAmbient(ScopeRecording current)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_ambient, current))
            {
                return false;
            }

            _ambient = NextAmbient(current);
            return true;
        }
    }

    /// <summary>The ambient window after <paramref name="finished"/>, continuing its call-site budgets.</summary>
    private ScopeRecording NextAmbient(ScopeRecording finished)
    {
        var next = CreateRecording(AmbientScopeName, ambient: true);
        next.InheritCallSites(finished);
        return next;
    }

    /// <summary>
    /// The call site of the calling code, taken when a connection opens asynchronously: if the open yields, the
    /// user's frames are gone from the stack of the commands that follow, and those commands pass this one to
    /// <see cref="BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/> as their fallback.
    /// Cheap to call on every open: the stack is walked only while commands are seen to lose their user frame
    /// (always at first, then again after any command that found none).
    /// </summary>
    /// <returns>
    /// The call site, or <see langword="null"/> when there is no need for one now, call sites are off, the current
    /// scope is not recorded, or the walk fails.
    /// </returns>
    public CallSite? CaptureOpenCallSite() => CaptureEarlyCallSite(OpenCallSites, "connection open");

    /// <summary>
    /// Whether <see cref="CaptureOpenCallSite"/> of some capture in this process may take a call site now. When
    /// <see langword="false"/>, every capture's <see cref="CaptureOpenCallSite"/> returns <see langword="null"/>, so
    /// a source that pays to be told of connection opens (EF Core builds event data for each one it reports) can
    /// skip the notice. It turns <see langword="true"/> again as soon as a command is seen to lose its user frame.
    /// </summary>
    public static bool OpenCallSitesWanted => OpenWalks.IsOpen;

    /// <summary>
    /// The call site of the calling code, taken when an asynchronous batch starts (a unit of work whose commands
    /// share one <c>batch</c> id, like EF Core's <c>SaveChanges</c>): its commands can run after a yield a
    /// connection open does not see, so they pass this one to
    /// <see cref="BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/> as their fallback.
    /// Walked under its own policy, like <see cref="CaptureOpenCallSite"/>: only while batch commands lose their user frame.
    /// </summary>
    /// <returns>The call site, or <see langword="null"/> (as for <see cref="CaptureOpenCallSite"/>).</returns>
    public CallSite? CaptureBatchCallSite() => CaptureEarlyCallSite(SaveCallSites, "SaveChanges");

    private CallSite? CaptureEarlyCallSite(OpenCallSitePolicy policy, string what)
    {
        try
        {
            if (!Options.CaptureCallSites || CurrentRecording().Builder is null || !policy.ShouldWalk())
            {
                return null;
            }

            Interlocked.Increment(ref _stackWalks);
            var site = _resolver.Capture();
            return site.IsUnknown ? null : site;
        }
#pragma warning disable CA1031 // A stack we cannot take only costs the call site.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed(what, exception);
            return null;
        }
    }

    /// <summary>Stack walks taken so far (commands and connection opens): what tests and probes count.</summary>
    internal long StackWalks => Interlocked.Read(ref _stackWalks);

    /// <summary>Whether asynchronous opens are walked now (only while they are seen to yield).</summary>
    internal OpenCallSitePolicy OpenCallSites { get; }

    /// <summary>Whether asynchronous <c>SaveChanges</c> calls are walked now (only while their commands lose the user frame).</summary>
    internal OpenCallSitePolicy SaveCallSites { get; } = new();

    /// <summary>Where each statement shape is issued from, learned across scopes.</summary>
    internal CallSiteMemory CallSites { get; } = new();

    /// <summary>The recording commands issued now belong to: the current scope's, else the ambient one.</summary>
    internal ScopeRecording CurrentRecording() => QueryDoctorScope.Current?.RecordingFor(this) ?? Volatile.Read(ref _ambient);

    /// <summary>
    /// Starts recording a command a source is about to send: call it where the user's code is still on the stack
    /// (the call site is taken from it), then call <see cref="CapturedCommand.Executed(TimeSpan?, bool)"/> and
    /// <see cref="CapturedCommand.Finish(long?)"/> on the handle. The command belongs to the current
    /// <see cref="QueryDoctorScope"/> (else the ambient scope). Never throws.
    /// </summary>
    /// <param name="sql">The command text.</param>
    /// <param name="parameters">
    /// The parameters, in order. Their values are kept only when <see cref="QueryDoctorOptions.IncludeParameterValues"/>
    /// allows it; otherwise only their hash (to tell repeated values apart).
    /// </param>
    /// <param name="batch">
    /// An id shared by the commands of one unit of work the source sends together (one <c>SaveChanges</c>), so
    /// write rules count the unit once; <see langword="null"/> for a command on its own.
    /// </param>
    /// <param name="fallbackCallSite">
    /// A call site taken earlier (<see cref="CaptureOpenCallSite"/>, <see cref="CaptureBatchCallSite"/>, or one the
    /// source knows), used when the stack holds no user frame (an asynchronous step before the command yielded).
    /// </param>
    /// <returns>
    /// The command's handle, or <see langword="null"/> when the command is not recorded (empty text, a scope left out
    /// by <see cref="QueryDoctorOptions.SampleRate"/>, or a failure inside the capture): like
    /// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>, call the handle with <c>?.</c>.
    /// </returns>
    public CapturedCommand? BeginCommand(string sql, IReadOnlyList<QueryParameter>? parameters = null, string? batch = null, CallSite? fallbackCallSite = null) =>
        Start(sql, null, parameters, batch, fallbackCallSite);

    /// <summary>
    /// Starts recording an ADO.NET command a source is about to execute: its text and parameters are read without
    /// copying them. See <see cref="BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/>.
    /// </summary>
    /// <param name="command">The command; <see langword="null"/> records nothing.</param>
    /// <param name="batch">An id shared by the commands of one unit of work (one <c>SaveChanges</c>), else <see langword="null"/>.</param>
    /// <param name="fallbackCallSite">A call site taken earlier, used when the stack holds no user frame.</param>
    /// <returns>The command's handle, or <see langword="null"/> when the command is not recorded.</returns>
    public CapturedCommand? BeginCommand(DbCommand command, string? batch = null, CallSite? fallbackCallSite = null)
    {
        try
        {
            return command is null ? null : Start(command.CommandText, command.Parameters, null, batch, fallbackCallSite);
        }
#pragma warning disable CA1031 // A provider's command that cannot give its text only costs this command.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("command start", exception);
            return null;
        }
    }

    /// <summary>
    /// Starts a command. Returns <see langword="null"/> when the command is not recorded (scope not sampled, or a
    /// failure inside the capture). <paramref name="fallbackCallSite"/> is a call site taken earlier, used when the
    /// live stack holds no user frame (an asynchronous open yielded). Parameters come from an ADO.NET collection or
    /// a list (at most one is given).
    /// </summary>
    internal CapturedCommand? Start(string? sql, DbParameterCollection? parameters, IReadOnlyList<QueryParameter>? listed, string? batch, CallSite? fallbackCallSite)
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
                    RollAmbient(recording);
                }

                return null;
            }

            var statement = _fingerprinter.Analyze(sql);
            IReadOnlyList<QueryParameter>? values = null;
            ulong hash;
            if (parameters is { Count: > 0 })
            {
                if (KeepsValues)
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
            else if (listed is { Count: > 0 })
            {
                hash = ParameterValues.Hash(listed);
                if (KeepsValues)
                {
                    // A copy: the source may reuse its list.
                    values = [.. listed];
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
                if (recording.NeedsCallSite(statement.Fingerprint, CallSiteCapturesPerFingerprint, out var known, out recalled, out var verifying))
                {
                    Interlocked.Increment(ref _stackWalks);
                    var walked = _resolver.Capture();
                    callSite = walked;
                    if (walked.IsUnknown && verifying)
                    {
                        // A scheduled re-check of a shape's one place that cannot see the user's frame (an
                        // asynchronous open yielded): the place stands, as for the commands between re-checks. Walking
                        // the next opens for it (below) cost a yielding provider 64 walks per re-check.
                        callSite = fallbackCallSite ?? known;
                    }
                    else if (walked.IsUnknown)
                    {
                        // No user frame on the stack: an asynchronous open before this command yielded (or the
                        // code has no user frame at all). Walk opens again so the next commands have a fallback;
                        // this one takes the open's call site, else the one place the shape is known from.
                        OpenCallSites.Yielded();
                        if (batch is not null)
                        {
                            SaveCallSites.Yielded();
                        }

                        callSite = fallbackCallSite ?? CallSites.Trusted(statement.Fingerprint) ?? CallSite.Unknown;
                    }

                    recording.ReportCallSite(statement.Fingerprint, callSite, learn: !walked.IsUnknown || fallbackCallSite is not null);
                }
                else
                {
                    callSite = known;
                }
            }

            var pending = new CapturedCommand(recording, statement, sql, callSite)
            {
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
    internal void Sent(CapturedCommand? command)
    {
        if (command is not null)
        {
            command.SentTimestamp = Options.TimeProvider.GetTimestamp();
        }
    }

    /// <summary>Records the end of the command's execution (its reader may still be open); a duration the source measured wins.</summary>
    internal void Executed(CapturedCommand? command, bool failed, TimeSpan? duration = null)
    {
        if (command is null)
        {
            return;
        }

        try
        {
            var start = command.SentTimestamp != 0 ? command.SentTimestamp : command.StartTimestamp;
            command.Duration ??= duration ?? Options.TimeProvider.GetElapsedTime(start);
            if (failed)
            {
                command.MarkFailed();
            }
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("command end", exception);
        }
    }

    /// <summary>Adds the finished command to its scope (once; later calls are ignored).</summary>
    internal void Finish(CapturedCommand? command, long? rows)
    {
        if (command is null || !command.TryMarkFinished())
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
            command.PrivateValues = !KeepsValues;
            var valuesKey = QueryScopeBuilder.ValuesKey(command.Statement, command.ValuesHash);

            // The finished command is the scope's raw record (an event is built only if someone reads it); the
            // event log needs the event now, unless its line is held until it is final.
            List<CapturedCommand>? released = null;
            var writesLog = _completion.WritesEventLog && !recording.HoldEventLine(command, out released);
            var queryEvent = writesLog ? command.ToEvent() : null;
            builder.Add(
                command.Statement,
                command.CallSite,
                valuesKey,
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
            if (queryEvent is not null)
            {
                if (released is not null)
                {
                    _completion.WriteEvents(recording, released);
                }

                _completion.WriteEvent(recording.Name, recording.ScopeId, queryEvent);
            }

            if (recording.IsAmbient && count >= Options.AmbientFlushThreshold)
            {
                if (RollAmbient(recording))
                {
                    Complete(recording, duration: null);
                }
            }
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("command end", exception);
        }
    }

    /// <summary>Judges a finished recording and delivers its report to every sink (<see cref="ScopeCompletion"/>). Never throws.</summary>
    internal ScopeReport? Complete(ScopeRecording recording, TimeSpan? duration, int? status = null) => _completion.Complete(recording, duration, status);

    /// <summary>Writes a scope's held event-log lines, in order (see <see cref="ScopeRecording.HoldEventLine"/>).</summary>
    internal void WriteEventLines(ScopeRecording recording, List<CapturedCommand> lines) => _completion.WriteEvents(recording, lines);

    /// <summary>Logs a failure of the capture once per kind. Never throws.</summary>
    internal void Failed(string where, Exception exception) => _completion.Failed(where, exception);

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
}
