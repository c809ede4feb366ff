using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>
/// Call sites learned across scopes (issue 17): a request's known shapes cost no stack walk, and a known shape issued
/// from a new place is still reported at that place. Run once per provider (subclasses below).
/// </summary>
public abstract class CallSiteMemoryTests : CaptureTestBase
{
    /// <summary>Whether this provider's asynchronous opens yield (the user's frame is then gone from the command hooks).</summary>
    protected virtual bool OpensYield => false;

    [Fact]
    public async Task RepeatedRequests_KnownShapes_KeepTheirCallSitesWithoutWalking()
    {
        var token = TestContext.Current.CancellationToken;
        QueryDoctorScope first = null!;
        QueryDoctorScope last = null!;
        var walksInLast = 0L;
        for (var request = 1; request <= 40; request++)
        {
            var before = Capture.StackWalks;
            var scope = QueryDoctorScope.Begin("GET /calendars/{id}");
            await using (var context = Db.Context(Capture))
            {
                await LoadCalendarPageAsync(context, (request % TestDatabase.Calendars) + 1, token);
            }

            scope.Dispose();
            first = request == 1 ? scope : first;
            last = scope;
            walksInLast = Capture.StackWalks - before;
        }

        var firstSites = ReportOf(first).Scope.Events.Select(e => e.CallSite.Text).ToList();
        var lastSites = ReportOf(last).Scope.Events.Select(e => e.CallSite.Text).ToList();
        Assert.Equal(3, lastSites.Count);
        Assert.All(lastSites, site => Assert.Contains(nameof(LoadCalendarPageAsync), site));
        Assert.Equal(firstSites, lastSites);
        Assert.Empty(ReportOf(last).Findings);
        if (!OpensYield)
        {
            // The 40th request's shapes were each seen 39 times before: no re-check is due, nothing is walked.
            Assert.Equal(0, walksInLast);
        }
    }

    [Fact]
    public async Task ConsecutiveScopes_RecordingCollectionsReused_EachReportKeepsOnlyItsOwnStatements()
    {
        var token = TestContext.Current.CancellationToken;
        var first = QueryDoctorScope.Begin("GET /calendars/{id}");
        await using (var context = Db.Context(Capture))
        {
            await LoadCalendarPageAsync(context, 1, token);
        }

        first.Dispose();
        var firstEvents = ReportOf(first).Scope.Events.Select(e => e.Sql).ToList();
        var firstGroups = ReportOf(first).Scope.Groups.Select(g => g.Fingerprint.Id).ToList();

        var second = QueryDoctorScope.Begin("GET /calendars/{id}/members");
        await using (var context = Db.Context(Capture))
        {
            _ = await LoadMembersOnceAsync(context, 2, token);
        }

        second.Dispose();
        var secondScope = ReportOf(second).Scope;
        Assert.Equal(1, secondScope.StatementCount);
        var group = Assert.Single(secondScope.Groups);
        Assert.Equal(1, group.Count);
        var queryEvent = Assert.Single(secondScope.Events);
        Assert.Contains("Members", queryEvent.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(nameof(LoadMembersOnceAsync), queryEvent.CallSite.Text);
        Assert.NotNull(queryEvent.Duration);
        Assert.NotNull(queryEvent.StartedAt);
        Assert.NotNull(queryEvent.Db);

        // The first report is a snapshot: the second scope, recorded into the same (pooled) collections, changed nothing in it.
        Assert.Equal(3, firstEvents.Count);
        Assert.Equal(firstEvents, ReportOf(first).Scope.Events.Select(e => e.Sql));
        Assert.Equal(firstGroups, ReportOf(first).Scope.Groups.Select(g => g.Fingerprint.Id));
        Assert.Same(ReportOf(first).Scope.Events[0], ReportOf(first).Scope.Events[0]);
    }

    [Fact]
    public async Task KnownShape_LoopFromANewPlace_ReportsNPlusOneAtTheNewPlaceWithEveryCommand()
    {
        var token = TestContext.Current.CancellationToken;
        await LearnMembersOnceAsync(token);

        var scope = QueryDoctorScope.Begin("GET /calendars");
        await using (var context = Db.Context(Capture))
        {
            await LoadMembersPerCalendarAsync(context, token);
        }

        scope.Dispose();
        var finding = Assert.Single(Rule(ReportOf(scope), "n-plus-one"));
        Assert.Equal(TestDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(LoadMembersPerCalendarAsync), finding.CallSite);
        Assert.DoesNotContain(ReportOf(scope).Scope.Events, e => e.CallSite.Text.Contains(nameof(LoadMembersOnceAsync), StringComparison.Ordinal));
    }

    [Fact]
    public async Task KnownShape_LoopFromANewPlace_TheEventLogGivesTheLiveFindings()
    {
        // The loop's first command takes the remembered place and is moved when the next walk finds the new one: its
        // event-log line must be written after that, or `analyze` of the log counts one command fewer at the new place.
        var token = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), "qd-recall-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            Capture.Dispose();
            Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(path));
            await LearnMembersOnceAsync(token);

            var scope = QueryDoctorScope.Begin("GET /calendars");
            await using (var context = Db.Context(Capture))
            {
                _ = await context.Votes.CountAsync(token);
                await LoadMembersPerCalendarAsync(context, token);
                _ = await context.Votes.CountAsync(token);
            }

            scope.Dispose();
            var live = Capture.RecentFindings;
            var events = ReportOf(scope).Scope.Events;
            Capture.Dispose();

            var offline = EventLogAnalysis.Run([path], Untimed()).Findings;
            Assert.Equal(
                live.Select(f => (f.Rule, f.Scope, f.Count, f.Fingerprint, f.CallSite)).Order(),
                offline.Select(f => (f.Rule, f.Scope, f.Count, f.Fingerprint, f.CallSite)).Order());
            var finding = Assert.Single(live, f => f.Rule == "n-plus-one");
            Assert.Equal(TestDatabase.Calendars, finding.Count);
            Assert.Contains(nameof(LoadMembersPerCalendarAsync), finding.CallSite);

            // Held lines keep the order the commands ran in.
            var logged = File.ReadLines(path)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("scope").GetString() == "GET /calendars" && !e.TryGetProperty("type", out _))
                .Select(e => e.GetProperty("callSite").GetString())
                .ToList();
            Assert.Equal(events.Select(e => e.CallSite.Text), logged);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task KnownShape_SingleUseThenLoopElsewhere_ExactFromTheNextScopeOn()
    {
        // The first scope that uses a settled shape from a second place cannot tell the single use at the remembered
        // place from a loop's first command (docs/capture.md, Limits); the memory then knows both places, and every
        // later scope is walked and exact.
        var token = TestContext.Current.CancellationToken;
        await LearnMembersOnceAsync(token);

        QueryDoctorScope scope = null!;
        for (var request = 1; request <= 3; request++)
        {
            scope = QueryDoctorScope.Begin("GET /calendars");
            await using (var context = Db.Context(Capture))
            {
                _ = await LoadMembersOnceAsync(context, 1, token);
                await LoadMembersPerCalendarAsync(context, token);
            }

            scope.Dispose();
        }

        var finding = Assert.Single(Rule(ReportOf(scope), "n-plus-one"));
        Assert.Equal(TestDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(LoadMembersPerCalendarAsync), finding.CallSite);
        Assert.Single(ReportOf(scope).Scope.Events, e => e.CallSite.Text.Contains(nameof(LoadMembersOnceAsync), StringComparison.Ordinal));
    }

    [Fact]
    public async Task KnownShape_LoopFromItsKnownPlace_CountsEveryCommandThere()
    {
        var token = TestContext.Current.CancellationToken;
        for (var request = 1; request <= 6; request++)
        {
            using var warm = QueryDoctorScope.Begin("GET /calendars");
            await using var context = Db.Context(Capture);
            await LoadMembersPerCalendarAsync(context, token);
        }

        var scope = QueryDoctorScope.Begin("GET /calendars");
        await using (var context = Db.Context(Capture))
        {
            await LoadMembersPerCalendarAsync(context, token);
        }

        scope.Dispose();
        var finding = Assert.Single(Rule(ReportOf(scope), "n-plus-one"));
        Assert.Equal(TestDatabase.Calendars, finding.Count);
        Assert.Contains(nameof(LoadMembersPerCalendarAsync), finding.CallSite);
    }

    [Fact]
    public async Task KnownShapes_ScheduledRecheck_WalksOnlyTheRecheckedCommands()
    {
        // Requests 41-70 include each shape's re-check at its 64th recalled use. Where opens yield (PostgreSQL) that walk
        // cannot see the user's frame; the trusted place stands and nothing else is walked (it used to re-arm walks of
        // the next 64 connection opens).
        var token = TestContext.Current.CancellationToken;
        var before = 0L;
        for (var request = 1; request <= 70; request++)
        {
            before = request == 41 ? Capture.StackWalks : before;
            var scope = QueryDoctorScope.Begin("GET /calendars/{id}");
            await using (var context = Db.Context(Capture))
            {
                await LoadCalendarPageAsync(context, (request % TestDatabase.Calendars) + 1, token);
            }

            scope.Dispose();
            Assert.All(ReportOf(scope).Scope.Events, e => Assert.Contains(nameof(LoadCalendarPageAsync), e.CallSite.Text));
        }

        Assert.InRange(Capture.StackWalks - before, 1, 6);
    }

    [Fact]
    public void Ambient_WindowsContinueTheirWalkSchedule_AndANewPlaceIsStillNoticed()
    {
        // Outside any scope commands go to ambient windows of AmbientFlushThreshold commands. The windows are cut by
        // count, not by unit of work, so a shape keeps its walk schedule from one window to the next.
        Capture.Dispose();
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), AmbientFlushThreshold = 10 });
        using var context = Db.Context(Capture);
        var before = Capture.StackWalks;
        for (var i = 0; i < 300; i++)
        {
            _ = CountMembersHere(context, (i % TestDatabase.Calendars) + 1);
        }

        // Thirty windows of one shape from one place: the first three commands and then powers of two (10 walks);
        // starting each window over walked four times per window (120).
        Assert.InRange(Capture.StackWalks - before, 1, 12);

        for (var i = 0; i < 200; i++)
        {
            _ = CountMembersThere(context, (i % TestDatabase.Calendars) + 1);
        }

        Capture.FlushAmbient();
        var groups = Capture.RecentScopes.SelectMany(r => r.Scope.Groups).ToList();
        var here = groups.Where(g => g.CallSite.Text.Contains(nameof(CountMembersHere), StringComparison.Ordinal)).Sum(g => g.Count);
        var there = groups.Where(g => g.CallSite.Text.Contains(nameof(CountMembersThere), StringComparison.Ordinal)).Sum(g => g.Count);
        Assert.Equal(500, here + there);
        // The new place is re-checked within 128 commands of the shape (at its 384th), then every command is walked
        // while the shape has two places: at most 128 of the 200 are still put at the old place.
        Assert.InRange(there, 200 - 128, 200);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CountMembersHere(CalendarContext context, int id) => context.Members.Count(m => m.CalendarId == id);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CountMembersThere(CalendarContext context, int id) => context.Members.Count(m => m.CalendarId == id);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task LoadCalendarPageAsync(CalendarContext context, int id, CancellationToken token)
    {
        _ = await context.Calendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, token);
        _ = await context.Members.AsNoTracking().Where(m => m.CalendarId == id).OrderBy(m => m.Id).Take(10).ToListAsync(token);
        _ = await context.Votes.CountAsync(token);
    }

    /// <summary>Six requests that each load one calendar's members once: the capture learns that shape's place.</summary>
    private async Task LearnMembersOnceAsync(CancellationToken token)
    {
        for (var request = 1; request <= 6; request++)
        {
            using var warm = QueryDoctorScope.Begin("GET /calendars/{id}/members");
            await using var context = Db.Context(Capture);
            _ = await LoadMembersOnceAsync(context, request % TestDatabase.Calendars + 1, token);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<List<Member>> LoadMembersOnceAsync(CalendarContext context, int id, CancellationToken token) =>
        context.Members.Where(m => m.CalendarId == id).ToListAsync(token);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task LoadMembersPerCalendarAsync(CalendarContext context, CancellationToken token)
    {
        foreach (var id in await context.Calendars.Select(c => c.Id).ToListAsync(token))
        {
            _ = await context.Members.Where(m => m.CalendarId == id).ToListAsync(token);
        }
    }
}

public sealed class SqliteCallSiteMemoryTests : CallSiteMemoryTests
{
}

public sealed class PostgresCallSiteMemoryTests : CallSiteMemoryTests
{
    protected override bool OpensYield => true;

    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}
