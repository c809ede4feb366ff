using System.Data.Common;
using Dapper;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>Dapper over the wrapped connection, once per provider (subclasses below).</summary>
public abstract class AdoNetCaptureTests : CaptureTestBase
{
    [Fact]
    public void DapperLoop_ReportsNPlusOne_WithRowsAndCallSite()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("dapper");
        var total = 0;
        foreach (var id in connection.Query<int>("SELECT \"Id\" FROM \"Calendars\""))
        {
            total += connection.Query<Member>("SELECT * FROM \"Members\" WHERE \"CalendarId\" = @id", new { id }).Count();
        }

        scope.Dispose();
        Assert.Equal(TestDatabase.Calendars * TestDatabase.MembersPerCalendar, total);
        var report = ReportOf(scope);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(TestDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(DapperLoop_ReportsNPlusOne_WithRowsAndCallSite), finding.CallSite);
        Assert.Equal(TestDatabase.Calendars, report.Scope.Events[0].Rows);
        Assert.All(report.Scope.Events.Skip(1), e => Assert.Equal(TestDatabase.MembersPerCalendar, e.Rows));
    }

    [Fact]
    public async Task DapperAsync_OneQuery_IsClean_AndWritesCountAffectedRows()
    {
        await using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var scope = QueryDoctorScope.Begin("dapper async");
        var members = (await connection.QueryAsync<Member>("SELECT * FROM \"Members\" WHERE \"CalendarId\" IN @ids", new { ids = new[] { 1, 2 } })).ToList();
        var affected = await connection.ExecuteAsync("UPDATE \"Votes\" SET \"Value\" = \"Value\" + 1 WHERE \"MemberId\" = @id", new { id = 1 });
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM \"Calendars\"");
        scope.Dispose();
        Assert.Equal(2 * TestDatabase.MembersPerCalendar, members.Count);
        Assert.Equal(TestDatabase.Calendars, count);
        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        Assert.Equal([2 * TestDatabase.MembersPerCalendar, affected, -1], report.Scope.Events.Select(e => e.Rows ?? -1));
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

        Assert.Equal(TestDatabase.Calendars * TestDatabase.MembersPerCalendar * 2, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM \"Votes\""));
        Assert.Equal(2, Capture.FlushAmbient()!.Scope.StatementCount);
    }
}

public sealed class SqliteAdoNetCaptureTests : AdoNetCaptureTests
{
}

public sealed class PostgresAdoNetCaptureTests : AdoNetCaptureTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}
