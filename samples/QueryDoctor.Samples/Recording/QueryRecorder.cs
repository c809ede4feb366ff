using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QueryDoctor.Samples.Recording;

/// <summary>
/// A deliberately small EF Core recorder for the samples: every executed command becomes a core
/// <see cref="QueryEvent"/> (SQL, parameter values, duration, rows read, call site, one batch id per
/// <c>SaveChanges</c>) appended to the <see cref="QueryScopeBuilder"/> that is current. It stands in for
/// the live-capture package (<c>UseQueryDoctor</c>) and can be swapped for it: nothing else in the
/// samples knows how events are captured.
/// </summary>
public sealed class QueryRecorder : DbCommandInterceptor, ISaveChangesInterceptor
{
    private static readonly Assembly SamplesAssembly = typeof(QueryRecorder).Assembly;

    private readonly ConcurrentDictionary<Guid, Pending> _pending = new();
    // The batch of the SaveChanges in progress, per context: keyed by context, not AsyncLocal, because EF's async
    // SaveChanges calls the interceptor from inside its own async methods, whose AsyncLocal changes never flow out.
    private readonly ConditionalWeakTable<DbContext, string> _batches = [];
    private readonly string _db;
    private QueryScopeBuilder? _current;

    /// <summary>Creates a recorder for one database kind.</summary>
    /// <param name="db">The <see cref="QueryEvent.Db"/> value: <c>sqlite</c> or <c>postgresql</c>.</param>
    public QueryRecorder(string db) => _db = db;

    /// <summary>The scope commands are recorded into, or <see langword="null"/> to record nothing.</summary>
    public QueryScopeBuilder? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    /// <summary>Starts recording into a new scope and returns it.</summary>
    /// <param name="name">The scope's name.</param>
    /// <returns>The scope builder now current.</returns>
    public QueryScopeBuilder Begin(string name)
    {
        var builder = new QueryScopeBuilder(name);
        Current = builder;
        return builder;
    }

    /// <inheritdoc />
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (Current is { } scope)
        {
            // Rows are known only when the reader closes: keep the event until then.
            _pending[eventData.CommandId] = new Pending(scope, Create(command, eventData));
        }

        return result;
    }

    /// <inheritdoc />
    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (_pending.TryRemove(eventData.CommandId, out var pending))
        {
            // ReadCount counts Read() calls: a fully read result gives rows + 1.
            var rows = Math.Max(0, eventData.ReadCount - 1);
            pending.Scope.Add(pending.Event with { Rows = rows });
        }

        return result;
    }

    /// <inheritdoc />
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Current?.Add(Create(command, eventData) with { Rows = result });
        return result;
    }

    /// <inheritdoc />
    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Current?.Add(Create(command, eventData) with { Rows = 1 });
        return result;
    }

    /// <inheritdoc />
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        Current?.Add(new QueryEvent
        {
            Sql = command.CommandText,
            Parameters = ParametersOf(command),
            Duration = eventData.Duration,
            CallSite = FindCallSite(),
            Db = _db,
            Batch = BatchOf(eventData.Context),
            Failed = true,
        });
    }

    /// <inheritdoc />
    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuted(command, eventData, result));

    /// <inheritdoc />
    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(DataReaderClosing(command, eventData, result));

    /// <inheritdoc />
    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuted(command, eventData, result));

    /// <inheritdoc />
    public override ValueTask<object?> ScalarExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuted(command, eventData, result));

    /// <inheritdoc />
    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeginBatch(eventData.Context);
        return result;
    }

    /// <inheritdoc />
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeginBatch(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndBatch(eventData.Context);
        return result;
    }

    /// <inheritdoc />
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndBatch(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public void SaveChangesFailed(DbContextErrorEventData eventData) => EndBatch(eventData.Context);

    /// <inheritdoc />
    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndBatch(eventData.Context);
        return Task.CompletedTask;
    }

    private void BeginBatch(DbContext? context)
    {
        if (context is not null)
        {
            _batches.AddOrUpdate(context, Guid.NewGuid().ToString("N"));
        }
    }

    private void EndBatch(DbContext? context)
    {
        if (context is not null)
        {
            _batches.Remove(context);
        }
    }

    private string? BatchOf(DbContext? context) => context is not null && _batches.TryGetValue(context, out var batch) ? batch : null;

    private QueryEvent Create(DbCommand command, CommandExecutedEventData eventData) => new()
    {
        Sql = command.CommandText,
        Parameters = ParametersOf(command),
        Duration = eventData.Duration,
        StartedAt = eventData.StartTime,
        CallSite = FindCallSite(),
        Db = _db,
        Batch = BatchOf(eventData.Context),
    };

    private static List<QueryParameter> ParametersOf(DbCommand command)
    {
        var parameters = new List<QueryParameter>(command.Parameters.Count);
        foreach (DbParameter parameter in command.Parameters)
        {
            parameters.Add(new QueryParameter(parameter.ParameterName, parameter.Value));
        }

        return parameters;
    }

    /// <summary>The first frame of sample code that is not this recorder: the line that caused the command.</summary>
    private static CallSite FindCallSite()
    {
        foreach (var frame in new StackTrace(1, fNeedFileInfo: false).GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (type is null || type.Assembly != SamplesAssembly || type == typeof(QueryRecorder)
                || type.Namespace?.StartsWith("QueryDoctor.Samples.Infrastructure", StringComparison.Ordinal) == true)
            {
                continue;
            }

            var name = OuterType(type).FullName + "." + MethodName(method!, type);
            return new CallSite { Text = name + " +" + frame.GetILOffset(), Method = name };
        }

        return CallSite.Unknown;
    }

    private static Type OuterType(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    // Lambdas and iterators live in compiler-generated types named "<Method>d__0" or methods named "<Method>b__0_0".
    private static string MethodName(MethodBase method, Type type)
    {
        var name = method.Name.StartsWith('<') ? method.Name : type.Name.StartsWith('<') ? type.Name : method.Name;
        var end = name.IndexOf('>', StringComparison.Ordinal);
        return name.StartsWith('<') && end > 1 ? name[1..end] : name;
    }

    private sealed record Pending(QueryScopeBuilder Scope, QueryEvent Event);
}
