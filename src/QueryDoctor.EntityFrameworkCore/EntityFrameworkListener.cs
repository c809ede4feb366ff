using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// Records EF Core's commands through its <see cref="DiagnosticListener"/>, asking only for the events the capture
/// reads: a command executing (the call site is still on the stack), executed, its reader closing (rows read),
/// failed or cancelled; an asynchronous connection opening (the call site a yielding open would lose), only while
/// a capture walks opens; a navigation loaded lazily (which navigation an N+1 fills).
/// </summary>
/// <remarks>
/// Why not an interceptor: once any <c>IDbCommandInterceptor</c> is registered, EF builds the event data of every
/// command event for it (creating, created, initialized, executing, executed, reader closing, reader disposing),
/// and of every connection event for a connection interceptor. A diagnostic subscriber is asked per event name,
/// each time EF is about to build the data, so EF builds data only for the events named here, and for an opening
/// only while <see cref="QueryCapture.OpenCallSitesWanted"/>: a request of five queries allocates about 2.5 KB less
/// than with an empty interceptor. The events are raised at the same points of EF's code as the interceptor calls,
/// before them. The open's call site is dropped when the connection closes, seen through the connection's own
/// <see cref="DbConnection.StateChange"/> event (watched only while a site is held) rather than EF's closed event,
/// whose data EF would build for every close. Subscribed once per process; events of contexts not configured with
/// <c>UseQueryDoctor()</c> are ignored (each context is routed to its capture through the <c>SaveChanges</c>
/// interceptor in its options).
/// </remarks>
internal sealed class EntityFrameworkListener : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly string Executing = RelationalEventId.CommandExecuting.Name!;
    private static readonly string Executed = RelationalEventId.CommandExecuted.Name!;
    private static readonly string ReaderClosing = RelationalEventId.DataReaderClosing.Name!;
    private static readonly string Failed = RelationalEventId.CommandError.Name!;
    private static readonly string Canceled = RelationalEventId.CommandCanceled.Name!;
    private static readonly string Opening = RelationalEventId.ConnectionOpening.Name!;
    private static readonly string LazyLoading = CoreEventId.NavigationLazyLoading.Name!;

    private static readonly EntityFrameworkListener Instance = new();
    private static readonly Lock Gate = new();
    private static IDisposable? _subscription;
    private static QueryCapture? _firstCapture;

    private EntityFrameworkListener()
    {
    }

    /// <summary>Subscribes the listener once per process (the first capture reports failures of unrouted events).</summary>
    public static void EnsureSubscribed(QueryCapture capture)
    {
        lock (Gate)
        {
            if (_subscription is not null)
            {
                return;
            }

            try
            {
                _firstCapture = capture;
                _subscription = DiagnosticListener.AllListeners.Subscribe(Instance);
            }
#pragma warning disable CA1031 // Without the listener nothing is recorded; the application runs on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                capture.ReportFailure("EF diagnostic listener", exception);
            }
        }
    }

    /// <summary>Whether EF should build the event data of <paramref name="name"/> for us now (asked before every event).</summary>
    internal static bool Wants(string name) =>
        name == Executing || name == Executed || name == ReaderClosing || name == Failed || name == Canceled
        || name == LazyLoading || (name == Opening && QueryCapture.OpenCallSitesWanted);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            value.Subscribe(this, static name => Wants(name));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        EntityFrameworkCapture? owner = null;
        try
        {
            var name = value.Key;
            if (value.Value is not DbContextEventData { Context: { } context } data
                || EntityFrameworkCapture.Route(context) is not { Owner: { } routed } state)
            {
                return;
            }

            owner = routed;
            if (name == Executing)
            {
                if (data is CommandEventData executing)
                {
                    Start(owner, state, context, executing);
                }
            }
            else if (name == Executed)
            {
                if (data is CommandExecutedEventData executed)
                {
                    End(owner, state, executed);
                }
            }
            else if (name == ReaderClosing)
            {
                if (data is DataReaderClosingEventData closing)
                {
                    owner.Take(closing.Command, state)?.Finish(RowsFrom(closing.DataReader, closing.ReadCount));
                }
            }
            else if (name == Failed || name == Canceled)
            {
                if (data is CommandEventData ended)
                {
                    var pending = owner.Take(ended.Command, state);
                    pending?.Executed(failed: true);
                    pending?.Finish(rows: null);
                }
            }
            else if (name == Opening)
            {
                if (data is ConnectionEventData { IsAsync: true } opening)
                {
                    state.HoldOpenCallSite(owner.Capture.CaptureOpenCallSite(), opening.Connection);
                    if (state.Batch is not null)
                    {
                        // Opened by a SaveChanges: its commands may use this site when the save took none.
                        state.SaveCallSite ??= state.OpenCallSite;
                    }
                }
            }
            else if (name == LazyLoading && data is LazyLoadingEventData lazy)
            {
                var type = context.Model.FindRuntimeEntityType(lazy.Entity.GetType())?.ClrType ?? lazy.Entity.GetType();
                state.LazyNavigation = type.Name + "." + lazy.NavigationPropertyName;
            }
        }
#pragma warning disable CA1031 // Runs inside EF's command path: the host's command runs whatever happens here.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            (owner?.Capture ?? _firstCapture)?.ReportFailure("EF " + value.Key, exception);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    /// <summary>
    /// Rows from EF's count of <c>Read()</c> calls: a fully read result counts one extra (the call that returned
    /// false), a result cut short (<c>First</c>) does not; <c>HasRows</c> tells an empty result apart.
    /// </summary>
    internal static long? RowsFrom(DbDataReader? reader, int readCount)
    {
        try
        {
            if (reader is not null && !reader.IsClosed && !reader.HasRows)
            {
                return 0;
            }
        }
#pragma warning disable CA1031 // A provider that cannot answer leaves the count to ReadCount alone.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return readCount switch
        {
            0 => null,
            1 => 1,
            _ => readCount - 1,
        };
    }

    private static void Start(EntityFrameworkCapture owner, EntityFrameworkCapture.ContextState state, DbContext context, CommandEventData eventData)
    {
        var command = eventData.Command;
        owner.Remember(context, state, command, out var db);
        var batch = eventData.CommandSource == CommandSource.SaveChanges ? state.Batch : null;
        var fallback = batch is not null ? state.SaveCallSite : state.OpenCallSite;
        var pending = owner.Capture.BeginCommand(command, batch, fallback);
        if (pending is null)
        {
            return;
        }

        pending.Db = db;
        if (state.LazyNavigation is { } navigation)
        {
            pending.Note = ModelFindingEnricher.LazyNotePrefix + navigation;
            state.LazyNavigation = null;
        }

        owner.Track(command, state, pending);
        pending.MarkSent();
    }

    private static void End(EntityFrameworkCapture owner, EntityFrameworkCapture.ContextState state, CommandExecutedEventData eventData)
    {
        if (eventData.ExecuteMethod == DbCommandMethod.ExecuteReader)
        {
            // Finished when its reader closes (rows read).
            owner.Find(eventData.Command, state)?.Executed();
            return;
        }

        var rows = eventData.ExecuteMethod == DbCommandMethod.ExecuteNonQuery && eventData.Result is int affected && affected >= 0 ? affected : (long?)null;
        var pending = owner.Take(eventData.Command, state);
        pending?.Executed();
        pending?.Finish(rows);
    }
}
