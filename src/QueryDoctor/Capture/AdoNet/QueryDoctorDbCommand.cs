using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace QueryDoctor.Capture.AdoNet;

/// <summary>Wraps a provider command: records each execution, passes everything else through unchanged.</summary>
internal sealed class QueryDoctorDbCommand : DbCommand
{
    private readonly QueryDoctorDbConnection _connection;

    public QueryDoctorDbCommand(DbCommand inner, QueryDoctorDbConnection connection)
    {
        Inner = inner;
        _connection = connection;
    }

    public DbCommand Inner { get; }

    [AllowNull]
    public override string CommandText
    {
        get => Inner.CommandText;
        set => Inner.CommandText = value;
    }

    public override int CommandTimeout
    {
        get => Inner.CommandTimeout;
        set => Inner.CommandTimeout = value;
    }

    public override CommandType CommandType
    {
        get => Inner.CommandType;
        set => Inner.CommandType = value;
    }

    public override bool DesignTimeVisible
    {
        get => Inner.DesignTimeVisible;
        set => Inner.DesignTimeVisible = value;
    }

    public override UpdateRowSource UpdatedRowSource
    {
        get => Inner.UpdatedRowSource;
        set => Inner.UpdatedRowSource = value;
    }

    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => Inner.Connection = value is QueryDoctorDbConnection wrapped ? wrapped.Inner : value;
    }

    protected override DbParameterCollection DbParameterCollection => Inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => Inner.Transaction;
        set => Inner.Transaction = value;
    }

    public override void Cancel() => Inner.Cancel();

    public override void Prepare() => Inner.Prepare();

    public override Task PrepareAsync(CancellationToken cancellationToken = default) => Inner.PrepareAsync(cancellationToken);

    public override int ExecuteNonQuery()
    {
        var pending = Begin();
        int affected;
        try
        {
            affected = Inner.ExecuteNonQuery();
        }
        catch
        {
            Fail(pending);
            throw;
        }

        End(pending, affected >= 0 ? affected : null);
        return affected;
    }

    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        var pending = Begin();
        int affected;
        try
        {
            affected = await Inner.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            Fail(pending);
            throw;
        }

        End(pending, affected >= 0 ? affected : null);
        return affected;
    }

    public override object? ExecuteScalar()
    {
        var pending = Begin();
        object? value;
        try
        {
            value = Inner.ExecuteScalar();
        }
        catch
        {
            Fail(pending);
            throw;
        }

        End(pending, null);
        return value;
    }

    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        var pending = Begin();
        object? value;
        try
        {
            value = await Inner.ExecuteScalarAsync(cancellationToken);
        }
        catch
        {
            Fail(pending);
            throw;
        }

        End(pending, null);
        return value;
    }

    protected override DbParameter CreateDbParameter() => Inner.CreateParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var pending = Begin();
        DbDataReader reader;
        try
        {
            reader = Inner.ExecuteReader(behavior);
        }
        catch
        {
            Fail(pending);
            throw;
        }

        return Wrap(pending, reader);
    }

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var pending = Begin();
        DbDataReader reader;
        try
        {
            reader = await Inner.ExecuteReaderAsync(behavior, cancellationToken);
        }
        catch
        {
            Fail(pending);
            throw;
        }

        return Wrap(pending, reader);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private CapturedCommand? Begin()
    {
        var capture = _connection.Capture;
        var pending = capture.BeginCommand(Inner, fallbackCallSite: _connection.OpenCallSite);
        if (pending is not null)
        {
            // The provider's kind names the log's db and picks the placeholders of private SQL ($n on PostgreSQL).
            pending.Db = _connection.Db;
        }

        capture.Sent(pending);
        return pending;
    }

    private void Fail(CapturedCommand? pending)
    {
        _connection.Capture.Executed(pending, failed: true);
        _connection.Capture.Finish(pending, rows: null);
    }

    private void End(CapturedCommand? pending, long? rows)
    {
        _connection.Capture.Executed(pending, failed: false);
        _connection.Capture.Finish(pending, rows);
    }

    private DbDataReader Wrap(CapturedCommand? pending, DbDataReader reader)
    {
        if (pending is null)
        {
            return reader;
        }

        _connection.Capture.Executed(pending, failed: false);
        return new QueryDoctorDbDataReader(reader, _connection.Capture, pending);
    }
}
