using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore.Metadata;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// The EF Core side of one <see cref="QueryCapture"/>: its <c>SaveChanges</c> interceptor (which also marks the
/// contexts whose commands the process-wide <see cref="EntityFrameworkListener"/> records into this capture),
/// per-context state (the current <c>SaveChanges</c> batch, the stack of the last asynchronous open) and the models
/// seen, for suggestions.
/// </summary>
internal sealed class EntityFrameworkCapture
{
    private static readonly ConditionalWeakTable<QueryCapture, EntityFrameworkCapture> ByCapture = new();

    // Per context instance, across captures: the lazy-loading listener only sees the context.
    private static readonly ConditionalWeakTable<DbContext, ContextState> Contexts = new();
    private static long _batchCounter;

    private readonly ConditionalWeakTable<DbCommand, CapturedCommand> _commands = new();
    private readonly ConcurrentDictionary<IModel, byte> _models = new(ReferenceEqualityComparer.Instance);
    private IModel[] _modelSnapshot = [];

    private EntityFrameworkCapture(QueryCapture capture)
    {
        Capture = capture;
        SaveChanges = new QueryDoctorSaveChangesInterceptor(this);
        capture.AddEnricher(new ModelFindingEnricher(this));
        EntityFrameworkListener.EnsureSubscribed(capture);
    }

    public QueryCapture Capture { get; }

    public QueryDoctorSaveChangesInterceptor SaveChanges { get; }

    /// <summary>The models seen so far (a snapshot, replaced when a new model is seen: read on every scope end).</summary>
    public IModel[] Models => Volatile.Read(ref _modelSnapshot);

    public static EntityFrameworkCapture For(QueryCapture capture) => ByCapture.GetValue(capture, static c => new EntityFrameworkCapture(c));

    public static string NewBatchId() =>
        "savechanges-" + Interlocked.Increment(ref _batchCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static ContextState? StateOf(DbContext? context) => context is null ? null : Contexts.GetValue(context, static _ => new ContextState());

    /// <summary>
    /// The state of a context configured with <c>UseQueryDoctor()</c>, its <see cref="ContextState.Owner"/> set; else
    /// <see langword="null"/>. The capture is found once per context instance, from the <c>SaveChanges</c>
    /// interceptor in the context's options (a pooled context keeps it across requests).
    /// </summary>
    public static ContextState? Route(DbContext context)
    {
        var state = StateOf(context)!;
        if (!state.Routed)
        {
            state.Owner = OwnerOf(context);
            state.Routed = true;
        }

        return state.Owner is null ? null : state;
    }

    private static EntityFrameworkCapture? OwnerOf(DbContext context)
    {
        var interceptors = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors;
        if (interceptors is null)
        {
            return null;
        }

        foreach (var interceptor in interceptors)
        {
            if (interceptor is QueryDoctorSaveChangesInterceptor ours)
            {
                return ours.Owner;
            }
        }

        return null;
    }

    /// <summary>Notes the context's model (for suggestions) and database kind, once per context instance.</summary>
    /// <remarks>
    /// Runs for every new context instance (one per request in a web app), so it stays cheap: the database kind
    /// comes from the ADO.NET command's type, cached per type, not from <c>context.Database</c>.
    /// </remarks>
    public void Remember(DbContext context, ContextState state, DbCommand command, out string? db)
    {
        if (!ReferenceEquals(state.RememberedBy, this))
        {
            RememberFirst(context, state, command);
        }

        db = state.Db;
    }

    // Apart from Remember so that the logger lambda's closure is allocated on a context's first command only.
    private void RememberFirst(DbContext context, ContextState state, DbCommand command)
    {
        if (_models.TryAdd(context.Model, 0))
        {
            lock (_models)
            {
                _modelSnapshot = [.. _models.Keys];
            }
        }

        Capture.UseLoggerIfNone(() => context.GetService<ILoggerFactory>()?.CreateLogger("QueryDoctor"));
        // A wrapped command (a profiler's, say) says nothing: ask the context's provider then.
        state.Db = DbKinds.Of(command.GetType())
            ?? (context.Database.ProviderName is { } provider ? DbKinds.Of(provider) : null);
        state.RememberedBy = this;
    }

    /// <summary>
    /// Keeps the started command until it ends. The context's own slot holds it (a context runs one command at a
    /// time, so no table entry is allocated per command); a second command while one is open (a split query's
    /// readers) goes to a weak table.
    /// </summary>
    public void Track(DbCommand command, ContextState state, CapturedCommand pending)
    {
        if (state.TrackedCommand is null)
        {
            state.TrackedPending = pending;
            state.TrackedBy = this;
            state.TrackedCommand = command;
            return;
        }

        _commands.AddOrUpdate(command, pending);
    }

    /// <summary>The pending record of a started command of the context whose state is <paramref name="state"/>.</summary>
    public CapturedCommand? Find(DbCommand? command, ContextState state)
    {
        if (command is null)
        {
            return null;
        }

        if (ReferenceEquals(state.TrackedCommand, command) && ReferenceEquals(state.TrackedBy, this))
        {
            return state.TrackedPending;
        }

        return _commands.TryGetValue(command, out var pending) ? pending : null;
    }

    /// <summary>Like <see cref="Find"/>, and forgets the command (it ended).</summary>
    public CapturedCommand? Take(DbCommand? command, ContextState state)
    {
        if (command is null)
        {
            return null;
        }

        if (ReferenceEquals(state.TrackedCommand, command) && ReferenceEquals(state.TrackedBy, this))
        {
            var tracked = state.TrackedPending;
            state.TrackedCommand = null;
            state.TrackedPending = null;
            state.TrackedBy = null;
            return tracked;
        }

        if (!_commands.TryGetValue(command, out var pending))
        {
            return null;
        }

        _commands.Remove(command);
        return pending;
    }

    /// <summary>What the capture keeps per context instance (a context is used by one flow at a time).</summary>
    internal sealed class ContextState
    {
        private DbConnection? _watched;
        private StateChangeEventHandler? _onStateChange;

        /// <summary>The capture this context records into (see <see cref="Route"/>); <see langword="null"/> for a context without QueryDoctor.</summary>
        public EntityFrameworkCapture? Owner { get; set; }

        /// <summary>Whether <see cref="Owner"/> was looked up.</summary>
        public bool Routed { get; set; }

        public string? Batch { get; set; }

        /// <summary>
        /// The call site taken when EF last opened the connection asynchronously; dropped when that connection
        /// closes (see <see cref="HoldOpenCallSite"/>).
        /// </summary>
        public CallSite? OpenCallSite { get; set; }

        /// <summary>
        /// The fallback call site of the running <c>SaveChanges</c>'s commands: the one taken when it started, else
        /// one taken by a connection open inside it; never an open from before it (that names another line).
        /// </summary>
        public CallSite? SaveCallSite { get; set; }

        /// <summary>The navigation EF announced it is about to load lazily (<c>Calendar.Members</c>); taken by the next command.</summary>
        public string? LazyNavigation { get; set; }

        /// <summary>The capture that noted this context's model and database kind.</summary>
        public EntityFrameworkCapture? RememberedBy { get; set; }

        public string? Db { get; set; }

        /// <summary>The command this context is running, with its pending record (see <see cref="Track"/>).</summary>
        public DbCommand? TrackedCommand { get; set; }

        public CapturedCommand? TrackedPending { get; set; }

        public EntityFrameworkCapture? TrackedBy { get; set; }

        /// <summary>
        /// Holds the call site an asynchronous open by EF took (<see langword="null"/> when it took none) until
        /// <paramref name="connection"/> closes or breaks: the next command on a connection opened outside EF must not
        /// take it. The connection's <see cref="DbConnection.StateChange"/> is watched from here until that close only,
        /// so no handler outlives the open that needed it.
        /// </summary>
        public void HoldOpenCallSite(CallSite? site, DbConnection connection)
        {
            OpenCallSite = site;
            if (site is null || ReferenceEquals(_watched, connection))
            {
                return;
            }

            Unwatch();
            _onStateChange ??= OnStateChange;
            connection.StateChange += _onStateChange;
            _watched = connection;
        }

        private void OnStateChange(object sender, StateChangeEventArgs change)
        {
            if (change.CurrentState is ConnectionState.Closed or ConnectionState.Broken)
            {
                OpenCallSite = null;
                Unwatch();
            }
        }

        private void Unwatch()
        {
            if (_watched is { } watched)
            {
                watched.StateChange -= _onStateChange;
                _watched = null;
            }
        }
    }
}
