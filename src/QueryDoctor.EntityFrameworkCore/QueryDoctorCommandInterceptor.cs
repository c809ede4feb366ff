using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// Records every command EF Core sends: started when it executes (the call site is still on the stack),
/// timed from after our own work to the provider's return, finished when its reader closes (rows read) or
/// at once for scalars and non-queries (rows affected). Never changes a result or an exception.
/// </summary>
internal sealed class QueryDoctorCommandInterceptor : DbCommandInterceptor
{
    private readonly EntityFrameworkCapture _owner;

    public QueryDoctorCommandInterceptor(EntityFrameworkCapture owner)
    {
        _owner = owner;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        _owner.Find(command, eventData.Context)?.Executed();
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        _owner.Find(command, eventData.Context)?.Executed();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        End(command, eventData.Context, rows: null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        End(command, eventData.Context, rows: null);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        End(command, eventData.Context, result >= 0 ? result : null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        End(command, eventData.Context, result >= 0 ? result : null);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Fail(command, eventData.Context);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Fail(command, eventData.Context);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Fail(command, eventData.Context);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Fail(command, eventData.Context);
        return Task.CompletedTask;
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Close(command, eventData.Context, eventData.DataReader, eventData.ReadCount);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Close(command, eventData.Context, eventData.DataReader, eventData.ReadCount);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Close(command, eventData.Context, eventData.DataReader, eventData.ReadCount);
        return result;
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

    private void Start(DbCommand command, CommandEventData eventData)
    {
        var capture = _owner.Capture;
        try
        {
            var context = eventData.Context;
            var state = EntityFrameworkCapture.StateOf(context);
            _owner.Remember(context, state, command, out var db);
            var batch = eventData.CommandSource == CommandSource.SaveChanges ? state?.Batch : null;
            var fallback = batch is not null ? state?.SaveCallSite : state?.OpenCallSite;
            var pending = capture.BeginCommand(command, batch, fallback);
            if (pending is null)
            {
                return;
            }

            pending.Db = db;
            if (state?.LazyNavigation is { } navigation)
            {
                pending.Note = ModelFindingEnricher.LazyNotePrefix + navigation;
                state.LazyNavigation = null;
            }

            _owner.Track(command, state, pending);
            pending.MarkSent();
        }
#pragma warning disable CA1031 // The host's command runs whatever happens here.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            capture.ReportFailure("EF command start", exception);
        }
    }

    private void End(DbCommand command, DbContext? context, long? rows)
    {
        var pending = _owner.Take(command, context);
        pending?.Executed();
        pending?.Finish(rows);
    }

    private void Fail(DbCommand command, DbContext? context)
    {
        var pending = _owner.Take(command, context);
        pending?.Executed(failed: true);
        pending?.Finish(rows: null);
    }

    private void Close(DbCommand command, DbContext? context, DbDataReader? reader, int readCount)
    {
        _owner.Take(command, context)?.Finish(RowsFrom(reader, readCount));
    }
}
