using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using QueryDoctor.Capture;
using QueryDoctor.TestSupport;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>The same capture against a throwaway PostgreSQL cluster: real network opens that yield, one command per SaveChanges.</summary>
public sealed class PostgresCaptureTests : IAsyncLifetime
{
    private readonly QueryCapture _capture = new(new QueryDoctorOptions { Detection = CaptureTestBase.Untimed() });
    private string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        _connectionString = await cluster.CreateDatabaseAsync("capture");
        await using var context = new CalendarContext(new DbContextOptionsBuilder<CalendarContext>().UseNpgsql(_connectionString).Options);
        await context.Database.EnsureCreatedAsync();
        SqliteDatabase.Seed(context);
    }

    public ValueTask DisposeAsync()
    {
        _capture.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void LazyLoading_ReportsNPlusOne()
    {
        using var context = Context(lazy: true);
        var scope = QueryDoctorScope.Begin("pg lazy");
        var members = context.Calendars.ToList().Sum(c => c.Members.Count);
        scope.Dispose();
        Assert.Equal(SqliteDatabase.Calendars * SqliteDatabase.MembersPerCalendar, members);
        var finding = Assert.Single(Assert.Single(scope.Reports).Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(SqliteDatabase.Calendars, finding.Count);
        Assert.Equal("postgresql", Assert.Single(scope.Reports).Scope.Events[0].Db);
    }

    [Fact]
    public async Task AcrossAwait_AsyncOpensThatYield_KeepTheUserCallSite()
    {
        await using var context = Context();
        var scope = QueryDoctorScope.Begin("pg await");
        foreach (var id in await context.Calendars.Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken))
        {
            _ = await context.Members.Where(m => m.CalendarId == id).ToListAsync(TestContext.Current.CancellationToken);
        }

        scope.Dispose();
        var report = Assert.Single(scope.Reports);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(SqliteDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(AcrossAwait_AsyncOpensThatYield_KeepTheUserCallSite), finding.CallSite);
        Assert.Contains("PostgresCaptureTests.cs:", finding.CallSite);
    }

    [Fact]
    public async Task Include_IsClean_AndFiftySaveChanges_AreAWriteLoop()
    {
        await using var context = Context();
        var clean = QueryDoctorScope.Begin("pg include");
        _ = await context.Calendars.Include(c => c.Members).ToListAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 50; i++)
        {
            context.Votes.Add(new Vote { MemberId = 1, Value = i });
        }

        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        clean.Dispose();
        Assert.Empty(Assert.Single(clean.Reports).Findings);

        var loop = QueryDoctorScope.Begin("pg loop");
        for (var i = 0; i < 50; i++)
        {
            context.Votes.Add(new Vote { MemberId = 2, Value = i });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        loop.Dispose();
        var findings = Assert.Single(loop.Reports).Findings;
        var finding = Assert.Single(findings, f => f.Rule == "n-plus-one-write");
        Assert.Contains(findings, f => f.Rule == "too-many-queries");
        Assert.Equal(50, finding.Count);
    }

    [Fact]
    public async Task DapperOverNpgsql_LoopReportsNPlusOne()
    {
        await using var connection = new NpgsqlConnection(_connectionString).WithQueryDoctor(_capture);
        var scope = QueryDoctorScope.Begin("pg dapper");
        var total = 0;
        foreach (var id in await connection.QueryAsync<int>("SELECT \"Id\" FROM \"Calendars\""))
        {
            total += (await connection.QueryAsync<Member>("SELECT * FROM \"Members\" WHERE \"CalendarId\" = @id", new { id })).Count();
        }

        scope.Dispose();
        Assert.Equal(SqliteDatabase.Calendars * SqliteDatabase.MembersPerCalendar, total);
        var finding = Assert.Single(Assert.Single(scope.Reports).Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(SqliteDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(DapperOverNpgsql_LoopReportsNPlusOne), finding.CallSite);
    }

    private CalendarContext Context(bool lazy = false)
    {
        var builder = new DbContextOptionsBuilder<CalendarContext>().UseNpgsql(_connectionString).UseQueryDoctor(_capture);
        if (lazy)
        {
            builder.UseLazyLoadingProxies();
        }

        return new CalendarContext(builder.Options);
    }
}
