using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>EF Core capture, run once per provider (subclasses below).</summary>
public abstract class EntityFrameworkCaptureTests : CaptureTestBase
{
    [Fact]
    public void LazyLoading_NavigationInLoop_ReportsNPlusOneAtUserLine()
    {
        using var context = Db.Context(Capture, lazy: true);
        var total = 0;
        using (var scope = QueryDoctorScope.Begin("lazy"))
        {
            foreach (var calendar in context.Calendars.ToList())
            {
                total += calendar.Members.Count;
            }

            scope.Dispose();
            var finding = Assert.Single(Rule(ReportOf(scope), "n-plus-one"));
            Assert.Equal(TestDatabase.Calendars, finding.Count);
            Assert.Equal("Members", finding.Table, ignoreCase: true);
            Assert.Contains(nameof(LazyLoading_NavigationInLoop_ReportsNPlusOneAtUserLine), finding.CallSite);
            Assert.Contains("EntityFrameworkCaptureTests.cs:", finding.CallSite);
        }

        Assert.Equal(TestDatabase.Calendars * TestDatabase.MembersPerCalendar, total);
    }

    [Fact]
    public void ContextsOfAnotherCaptureOrWithoutQueryDoctor_AreNotRecordedIntoThisCapture()
    {
        // Commands are read from EF's process-wide diagnostic events: each context's go to its own capture only.
        using var other = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() });
        using var ours = Db.Context(Capture);
        using var theirs = Db.Context(other);
        using var plain = Db.PlainContext();
        var scope = QueryDoctorScope.Begin("routing");
        _ = ours.Calendars.Count();
        for (var i = 0; i < 2; i++)
        {
            _ = theirs.Members.Count();
        }
        _ = plain.Votes.Count();
        scope.Dispose();

        Assert.Equal(2, scope.Reports.Count);
        var mine = Assert.Single(Capture.RecentScopes).Scope;
        var group = Assert.Single(mine.Groups);
        Assert.Equal(1, group.Count);
        Assert.Contains("Calendars", group.Fingerprint.Text, StringComparison.OrdinalIgnoreCase);
        var theirGroup = Assert.Single(Assert.Single(other.RecentScopes).Scope.Groups);
        Assert.Equal(2, theirGroup.Count);
        Assert.Contains("Members", theirGroup.Fingerprint.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UseQueryDoctor_RegistersNoCommandOrConnectionInterceptor()
    {
        // The cost of the capture: any command or connection interceptor makes EF build the event data of every
        // command and connection event; the capture asks EF's diagnostic listener for the few it reads instead.
        using var context = Db.Context(Capture);
        var interceptors = context.GetService<IDbContextOptions>()
            .FindExtension<CoreOptionsExtension>()!.Interceptors!;
        Assert.Single(interceptors);
        Assert.DoesNotContain(interceptors, i => i is IDbCommandInterceptor or IDbConnectionInterceptor);
    }

    [Fact]
    public void ExplicitQueryPerItem_ReportsNPlusOne()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("explicit");
        foreach (var id in context.Calendars.Select(c => c.Id).ToList())
        {
            _ = context.Members.Where(m => m.CalendarId == id).ToList();
        }

        scope.Dispose();
        var report = ReportOf(scope);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(TestDatabase.Calendars, finding.Count);
        Assert.Equal(1 + TestDatabase.Calendars, report.Scope.StatementCount);
    }

    [Fact]
    public void NestedLoops_ReportTwoNPlusOneFindings()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("nested");
        foreach (var calendar in context.Calendars.ToList())
        {
            foreach (var member in context.Members.Where(m => m.CalendarId == calendar.Id).ToList())
            {
                _ = context.Votes.Count(v => v.MemberId == member.Id);
            }
        }

        scope.Dispose();
        var findings = Rule(ReportOf(scope), "n-plus-one");
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Count == TestDatabase.Calendars && string.Equals(f.Table, "Members", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(findings, f => f.Count == TestDatabase.Calendars * TestDatabase.MembersPerCalendar
            && string.Equals(f.Table, "Votes", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(findings[0].CallSite, findings[1].CallSite);
    }

    [Fact]
    public async Task AcrossAwait_ReportsNPlusOne()
    {
        await using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("await");
        foreach (var id in await context.Calendars.Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken))
        {
            await Task.Yield();
            _ = await context.Members.Where(m => m.CalendarId == id).ToListAsync(TestContext.Current.CancellationToken);
        }

        scope.Dispose();
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(TestDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(AcrossAwait_ReportsNPlusOne), finding.CallSite);
    }

    [Fact]
    public async Task TaskWhenAll_ParallelWorkFlowsIntoTheScope()
    {
        var scope = QueryDoctorScope.Begin("parallel");
        var counts = await Task.WhenAll(Enumerable.Range(1, TestDatabase.Calendars).Select(async id =>
        {
            await Task.Yield();
            await using var context = Db.Context(Capture);
            return (await context.Members.Where(m => m.CalendarId == id).ToListAsync()).Count;
        }));

        scope.Dispose();
        Assert.All(counts, c => Assert.Equal(TestDatabase.MembersPerCalendar, c));
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.Equal(TestDatabase.Calendars, finding.Count);
    }

    [Fact]
    public void Include_IsClean()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("include");
        var members = context.Calendars.Include(c => c.Members).ToList().Sum(c => c.Members.Count);
        scope.Dispose();
        Assert.Equal(TestDatabase.Calendars * TestDatabase.MembersPerCalendar, members);
        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        Assert.Equal(1, report.Scope.StatementCount);
    }

    [Fact]
    public void SplitQuery_IsClean()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("split");
        var calendars = context.Calendars.Include(c => c.Members).Include(c => c.Events).AsSplitQuery().ToList();
        scope.Dispose();
        Assert.Equal(TestDatabase.Calendars, calendars.Count);
        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        Assert.Equal(3, report.Scope.StatementCount);
    }

    [Fact]
    public void OneSaveChangesOfFiftyInserts_IsClean()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("bulk");
        for (var i = 0; i < 50; i++)
        {
            context.Votes.Add(new Vote { MemberId = 1, Value = i });
        }

        context.SaveChanges();
        scope.Dispose();
        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        Assert.True(report.Scope.StatementCount >= 1);
        Assert.Equal(1, report.Scope.RoundTrips);
    }

    [Fact]
    public async Task FiftySaveChanges_ReportsNPlusOneWrite()
    {
        await using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("loop");
        for (var i = 0; i < 50; i++)
        {
            context.Votes.Add(new Vote { MemberId = 1, Value = i });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        scope.Dispose();
        var finding = Assert.Single(Rule(ReportOf(scope), "n-plus-one-write"));
        Assert.Equal(50, finding.Count);
        Assert.Equal("Votes", finding.Table, ignoreCase: true);
    }

    [Fact]
    public async Task ConcurrentScopes_NeverMixEvents()
    {
        async Task<ScopeReport> Request(string name, int queries)
        {
            await Task.Yield();
            using var scope = QueryDoctorScope.Begin(name);
            await using var context = Db.Context(Capture);
            for (var i = 0; i < queries; i++)
            {
                _ = await context.Calendars.Where(c => c.Id == i).ToListAsync();
                await Task.Yield();
            }

            scope.Dispose();
            return ReportOf(scope);
        }

        var reports = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => Request("request " + n, n)));
        for (var n = 1; n <= 8; n++)
        {
            Assert.Equal("request " + n, reports[n - 1].Name);
            Assert.Equal(n, reports[n - 1].Scope.StatementCount);
        }
    }

    [Fact]
    public void ThrowingSink_ChangesNeitherResultNorException()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), OnScopeCompleted = _ => throw new InvalidOperationException("sink broke") });
        using var context = Db.Context(Capture);
        int count;
        DbException? error;
        using (var scope = QueryDoctorScope.Begin("throwing sink"))
        {
            count = context.Members.Count();
            error = Assert.ThrowsAny<DbException>(() => context.Database.ExecuteSqlRaw("SELECT * FROM no_such_table"));
        }

        Assert.Equal(TestDatabase.Calendars * TestDatabase.MembersPerCalendar, count);
        Assert.Contains("no_such_table", error.Message);
        var report = Assert.Single(Capture.RecentScopes);
        Assert.Equal(2, report.Scope.StatementCount);
        Assert.Contains(report.Scope.Events, e => e.Failed && e.Sql.Contains("no_such_table"));
    }

    [Fact]
    public void Rows_AreCountedFromTheReader()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("rows");
        _ = context.Members.ToList();
        _ = context.Members.OrderBy(m => m.Id).First();
        _ = context.Members.Where(m => m.Id < 0).ToList();
        var affected = context.Votes.Where(v => v.Value == 2).ExecuteUpdate(s => s.SetProperty(v => v.Value, 3));
        scope.Dispose();
        var events = ReportOf(scope).Scope.Events;
        Assert.Equal([20, 1, 0, affected], events.Select(e => e.Rows ?? -1));
        Assert.Equal(20, affected);
        Assert.All(events, e => Assert.Equal(Db.Kind, e.Db));
    }

    [Fact]
    public void OutsideAnyScope_EventsGoToTheAmbientScope()
    {
        using var context = Db.Context(Capture);
        _ = context.Members.Count();
        _ = context.Calendars.Count();
        var report = Capture.FlushAmbient();
        Assert.NotNull(report);
        Assert.Equal(QueryCapture.AmbientScopeName, report.Name);
        Assert.Equal(2, report.Scope.StatementCount);
        Assert.Null(Capture.FlushAmbient());
    }

    [Fact]
    public async Task SyncAndAsync_ReadersScalarsAndNonQueries_AreAllRecorded()
    {
        await using var context = Db.Context(Capture);
        var token = TestContext.Current.CancellationToken;
        var scope = QueryDoctorScope.Begin("kinds");
        _ = context.Calendars.ToList();
        _ = await context.Calendars.ToListAsync(token);
        _ = context.Members.Count();
        _ = await context.Members.CountAsync(token);
        _ = context.Database.ExecuteSqlRaw("UPDATE \"Votes\" SET \"Value\" = \"Value\" WHERE \"Id\" = 1");
        _ = await context.Database.ExecuteSqlRawAsync("UPDATE \"Votes\" SET \"Value\" = \"Value\" WHERE \"Id\" = 2", token);
        _ = await context.Votes.Where(v => v.Id == 3).ExecuteDeleteAsync(token);
        scope.Dispose();
        var events = ReportOf(scope).Scope.Events;
        Assert.Equal(7, events.Count);
        // EF runs Count() as a one-row reader query; the non-queries report rows affected.
        Assert.Equal([5, 5, 1, 1, 1, 1, 1], events.Select(e => e.Rows ?? -1));
        Assert.All(events, e => Assert.Contains(nameof(SyncAndAsync_ReadersScalarsAndNonQueries_AreAllRecorded), e.CallSite.Text));
        Assert.All(events, e => Assert.NotNull(e.Duration));
    }

    [Fact]
    public void SameQueryTwice_ReportsDuplicateQuery()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("duplicates");
        _ = context.Members.Where(m => m.CalendarId == 2).ToList();
        _ = context.Members.Where(m => m.CalendarId == 2).ToList();
        scope.Dispose();
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.Equal("duplicate-query", finding.Rule);
        Assert.Equal(2, finding.Count);
    }

    [Fact]
    public void NestedScopes_InnermostReceivesCommands_OuterResumesAfter()
    {
        using var context = Db.Context(Capture);
        var outer = QueryDoctorScope.Begin("outer");
        _ = context.Calendars.Count();
        var inner = QueryDoctorScope.Begin("inner");
        Assert.Same(inner, QueryDoctorScope.Current);
        Assert.Same(outer, inner.Parent);
        _ = context.Members.Count();
        _ = context.Votes.Count();
        inner.Dispose();
        Assert.Same(outer, QueryDoctorScope.Current);
        _ = context.Events.Count();
        outer.Dispose();
        Assert.Null(QueryDoctorScope.Current);
        Assert.Equal(2, ReportOf(inner).Scope.StatementCount);
        Assert.Equal(2, ReportOf(outer).Scope.StatementCount);
    }
}

public sealed class SqliteEntityFrameworkCaptureTests : EntityFrameworkCaptureTests
{
}

public sealed class PostgresEntityFrameworkCaptureTests : EntityFrameworkCaptureTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}
