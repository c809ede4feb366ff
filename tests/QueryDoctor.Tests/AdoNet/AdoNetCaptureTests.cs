using System.Data;
using System.Data.Common;
using Dapper;
using QueryDoctor.Capture;
using QueryDoctor.Capture.AdoNet;
using QueryDoctor.Detection;

namespace QueryDoctor.Tests.AdoNet;

/// <summary>Dapper over the wrapped connection (<c>WithQueryDoctor</c>), once per provider (subclasses below).</summary>
public abstract class AdoNetCaptureTests : IAsyncLifetime
{
    protected AdoNetDatabase Db { get; private set; } = null!;

    protected QueryCapture Capture { get; set; } = new(new QueryDoctorOptions { Detection = Untimed() });

    public async ValueTask InitializeAsync() => Db = await CreateDatabaseAsync();

    public ValueTask DisposeAsync()
    {
        Capture.Dispose();
        Db?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<AdoNetDatabase> CreateDatabaseAsync();

    [Fact]
    public void Events_NameTheProvidersDb()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("db kind");
        _ = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"Calendars\"");
        scope.Dispose();
        Assert.Equal(Db.Kind, Assert.Single(ReportOf(scope).Scope.Events).Db);
    }

    [Fact]
    public async Task AsyncOpen_SiteHeldWhileOpen_DroppedWhenTheConnectionCloses()
    {
        var token = TestContext.Current.CancellationToken;
        var inner = Db.OpenConnection();
        inner.Close();
        await using var connection = (QueryDoctorDbConnection)inner.WithQueryDoctor(Capture);
        using var scope = QueryDoctorScope.Begin("open");
        var changes = new List<ConnectionState>();
        connection.StateChange += (_, change) => changes.Add(change.CurrentState);

        // A new capture walks its first asynchronous opens.
        await connection.OpenAsync(token);
        Assert.Contains(nameof(AsyncOpen_SiteHeldWhileOpen_DroppedWhenTheConnectionCloses), connection.OpenCallSite?.Text, StringComparison.Ordinal);
        await connection.CloseAsync();
        Assert.Null(connection.OpenCallSite);
        Assert.Equal([ConnectionState.Open, ConnectionState.Closed], changes.Where(s => s is ConnectionState.Open or ConnectionState.Closed));
    }

    [Fact]
    public void ThrowingDetector_IsSkipped_OtherFindingsAndResultsStand()
    {
        var detection = Untimed();
        detection.Detectors.Add(new ThrowingDetector());
        Capture.Dispose();
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = detection });
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("throwing detector");
        var counts = Enumerable.Range(1, 3)
            .Select(id => connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"Members\" WHERE \"CalendarId\" = @id", new { id }))
            .ToList();
        scope.Dispose();
        Assert.All(counts, c => Assert.Equal(AdoNetDatabase.MembersPerCalendar, c));
        Assert.Equal("n-plus-one", Assert.Single(ReportOf(scope).Findings).Rule);
    }

    [Fact]
    public void DapperLoop_ReportsNPlusOne_WithRowsAndCallSite()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("dapper");
        var total = 0;
        foreach (var id in connection.Query<int>("SELECT \"Id\" FROM \"Calendars\""))
        {
            total += connection.Query<MemberRow>("SELECT * FROM \"Members\" WHERE \"CalendarId\" = @id", new { id }).Count();
        }

        scope.Dispose();
        Assert.Equal(AdoNetDatabase.Calendars * AdoNetDatabase.MembersPerCalendar, total);
        var report = ReportOf(scope);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(AdoNetDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(DapperLoop_ReportsNPlusOne_WithRowsAndCallSite), finding.CallSite);
        Assert.Equal(AdoNetDatabase.Calendars, report.Scope.Events[0].Rows);
        Assert.All(report.Scope.Events.Skip(1), e => Assert.Equal(AdoNetDatabase.MembersPerCalendar, e.Rows));
    }

    [Fact]
    public async Task DapperAsync_OneQuery_IsClean_AndWritesCountAffectedRows()
    {
        await using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("dapper async");
        var members = (await connection.QueryAsync<MemberRow>("SELECT * FROM \"Members\" WHERE \"CalendarId\" IN @ids", new { ids = new[] { 1, 2 } })).ToList();
        var affected = await connection.ExecuteAsync("UPDATE \"Votes\" SET \"Value\" = \"Value\" + 1 WHERE \"MemberId\" = @id", new { id = 1 });
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM \"Calendars\"");
        scope.Dispose();
        Assert.Equal(2 * AdoNetDatabase.MembersPerCalendar, members.Count);
        Assert.Equal(AdoNetDatabase.Calendars, count);
        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        Assert.Equal([2 * AdoNetDatabase.MembersPerCalendar, affected, -1], report.Scope.Events.Select(e => e.Rows ?? -1));
    }

    [Fact]
    public void FailedCommand_IsRecorded_AndTheProviderExceptionIsUnchanged()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("failing");
        var error = Assert.ThrowsAny<DbException>(() => connection.Execute("DELETE FROM nowhere"));
        scope.Dispose();
        Assert.Contains("nowhere", error.Message);
        Assert.True(Assert.Single(ReportOf(scope).Scope.Events).Failed);
    }

    [Fact]
    public void Scope_LiveTotals_CountFinishedStatementsBeforeTheScopeEnds()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("live totals");
        Assert.Equal(0, scope.StatementCount);
        Assert.Equal(TimeSpan.Zero, scope.StatementDuration);

        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"Calendars\"");
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"Members\"");

        Assert.Equal(2, scope.StatementCount);
        Assert.True(scope.StatementDuration > TimeSpan.Zero);
        scope.Dispose();
        var report = ReportOf(scope);
        Assert.Equal(report.Scope.StatementCount, scope.StatementCount);
        Assert.Equal(report.Scope.TotalDuration, scope.StatementDuration);
    }

    [Fact]
    public void Transactions_PassThroughTheWrapper()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("DELETE FROM \"Votes\"", transaction: transaction);
            transaction.Rollback();
        }

        Assert.Equal(AdoNetDatabase.Calendars * AdoNetDatabase.MembersPerCalendar * 2, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"Votes\""));
        Assert.Equal(2, Capture.FlushAmbient()!.Scope.StatementCount);
    }

    /// <summary>Detection without the timing rules (slow-query, slow-scope): tests never depend on the machine's speed.</summary>
    private static DetectionOptions Untimed()
    {
        var options = new DetectionOptions();
        options.DisabledRules.Add("slow-query");
        options.DisabledRules.Add("slow-scope");
        return options;
    }

    private static ScopeReport ReportOf(QueryDoctorScope scope) => Assert.Single(scope.Reports);

    private sealed class ThrowingDetector : IScopeDetector
    {
        public IEnumerable<Finding> Detect(ScopeDetectionContext context) => throw new InvalidOperationException("detector bug");
    }
}

/// <summary>A row of the <c>Members</c> table, as Dapper maps it.</summary>
public sealed class MemberRow
{
    public int Id { get; set; }

    public int CalendarId { get; set; }

    public string Name { get; set; } = "";
}

public sealed class SqliteAdoNetCaptureTests : AdoNetCaptureTests
{
    protected override Task<AdoNetDatabase> CreateDatabaseAsync() => Task.FromResult<AdoNetDatabase>(new SqliteAdoNetDatabase());
}

public sealed class PostgresAdoNetCaptureTests : AdoNetCaptureTests
{
    protected override Task<AdoNetDatabase> CreateDatabaseAsync() => PostgresAdoNetDatabase.CreateAsync();
}
