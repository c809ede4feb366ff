using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace QueryDoctor.Capture.AdoNet;

/// <summary>A provider-agnostic <see cref="DbConnection"/> wrapper whose commands are recorded by a <see cref="QueryCapture"/>.</summary>
internal sealed class QueryDoctorDbConnection : DbConnection
{
    public QueryDoctorDbConnection(DbConnection inner, QueryCapture capture)
    {
        Inner = inner;
        Capture = capture;
        Db = DbKinds.Of(inner.GetType());
        Inner.StateChange += ForwardStateChange;
    }

    public DbConnection Inner { get; }

    public QueryCapture Capture { get; }

    /// <summary>The database kind of the wrapped connection's provider (<c>postgresql</c> for Npgsql…), when known.</summary>
    public string? Db { get; }

    /// <summary>
    /// The stack of the last asynchronous open: when the provider's open yields, the caller's frames are gone
    /// from the commands that follow, so they fall back to this one. Dropped when the connection closes.
    /// </summary>
    public CallSite? OpenCallSite { get; private set; }

    [AllowNull]
    public override string ConnectionString
    {
        get => Inner.ConnectionString;
        set => Inner.ConnectionString = value;
    }

    public override string Database => Inner.Database;

    public override string DataSource => Inner.DataSource;

    public override string ServerVersion => Inner.ServerVersion;

    public override ConnectionState State => Inner.State;

    public override int ConnectionTimeout => Inner.ConnectionTimeout;

    public override void ChangeDatabase(string databaseName) => Inner.ChangeDatabase(databaseName);

    public override void Close() => Inner.Close();

    public override void Open() => Inner.Open();

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        OpenCallSite = Capture.CaptureOpenCallSite();
        return Inner.OpenAsync(cancellationToken);
    }

    public override Task CloseAsync() => Inner.CloseAsync();

    public override void EnlistTransaction(System.Transactions.Transaction? transaction) => Inner.EnlistTransaction(transaction);

    public override DataTable GetSchema() => Inner.GetSchema();

    public override DataTable GetSchema(string collectionName) => Inner.GetSchema(collectionName);

    public override DataTable GetSchema(string collectionName, string?[] restrictionValues) => Inner.GetSchema(collectionName, restrictionValues);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Inner.BeginTransaction(isolationLevel);

    protected override ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        Inner.BeginTransactionAsync(isolationLevel, cancellationToken);

    protected override DbCommand CreateDbCommand() => new QueryDoctorDbCommand(Inner.CreateCommand(), this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.StateChange -= ForwardStateChange;
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        Inner.StateChange -= ForwardStateChange;
        await Inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private void ForwardStateChange(object sender, StateChangeEventArgs e)
    {
        if (e.CurrentState is ConnectionState.Closed or ConnectionState.Broken)
        {
            // A later synchronous open must not lend its commands the place of an earlier asynchronous one.
            OpenCallSite = null;
        }

        OnStateChange(e);
    }
}
