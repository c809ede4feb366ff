using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

public sealed class ModeAndSinkTests : CaptureTestBase
{
    [Fact]
    public void TestMode_ScopeWithNPlusOne_ThrowsAggregatedException()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), Mode = QueryDoctorMode.Test });
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("test mode");
        foreach (var id in context.Calendars.Select(c => c.Id).ToList())
        {
            _ = context.Members.Where(m => m.CalendarId == id).ToList();
            _ = context.Events.Where(e => e.CalendarId == id).ToList();
        }

        var exception = Assert.Throws<QueryDoctorException>(scope.Dispose);
        Assert.Equal(2, exception.Findings.Count);
        Assert.Contains("2 finding(s) in scope 'test mode'", exception.Message);
        Assert.Contains("[n-plus-one]", exception.Message);
        Assert.True(scope.IsCompleted);
        Assert.Null(QueryDoctorScope.Current);
    }

    [Fact]
    public void TestMode_CleanScope_DoesNotThrow()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), Mode = QueryDoctorMode.Test });
        using var context = Db.Context(Capture);
        using (QueryDoctorScope.Begin("clean"))
        {
            _ = context.Calendars.Include(c => c.Members).ToList();
        }

        Assert.Empty(Assert.Single(Capture.RecentScopes).Findings);
    }

    [Fact]
    public void ProductionMode_UsesHigherThresholdsAndRejectsParameterValues()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new QueryCapture(new QueryDoctorOptions { Mode = QueryDoctorMode.Production, IncludeParameterValues = true }));
        Assert.Contains("IncludeParameterValues", error.Message);

        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(QueryDoctorOptions.ProductionDetectionDefaults()), Mode = QueryDoctorMode.Production });
        using var context = Db.Context(Capture);
        using (QueryDoctorScope.Begin("five"))
        {
            for (var id = 1; id <= 5; id++)
            {
                _ = context.Members.Where(m => m.CalendarId == id).ToList();
            }
        }

        using (QueryDoctorScope.Begin("twelve"))
        {
            for (var id = 1; id <= 12; id++)
            {
                _ = context.Members.Where(m => m.CalendarId == id).ToList();
            }
        }

        var reports = Capture.RecentScopes;
        Assert.Empty(reports[0].Findings);
        Assert.Equal(12, Assert.Single(reports[1].Findings).Count);
        Assert.All(reports.SelectMany(r => r.Scope.Events), e => Assert.Null(e.Parameters));
    }

    [Fact]
    public void ProductionMode_SamplesScopesDeterministically()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(QueryDoctorOptions.ProductionDetectionDefaults()), Mode = QueryDoctorMode.Production, SampleRate = 0.25 });
        using var context = Db.Context(Capture);
        for (var i = 0; i < 8; i++)
        {
            using (QueryDoctorScope.Begin("request " + i))
            {
                _ = context.Members.Count();
            }
        }

        // Every 4th recording is sampled; the capture's first ambient window was the 1st.
        Assert.Equal(["request 2", "request 6"], Capture.RecentScopes.Select(r => r.Name));
    }

    [Fact]
    public void ProductionMode_AmbientScopeIsSampledWindowByWindow()
    {
        Capture = new QueryCapture(new QueryDoctorOptions
        {
            Detection = Untimed(QueryDoctorOptions.ProductionDetectionDefaults()),
            Mode = QueryDoctorMode.Production,
            SampleRate = 0.5,
            AmbientFlushThreshold = 2,
        });
        using var context = Db.Context(Capture);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(TestDatabase.Calendars, context.Calendars.Count());
        }

        var reports = Capture.RecentScopes;
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(QueryCapture.AmbientScopeName, r.Name));
        Assert.All(reports, r => Assert.Equal(2, r.Scope.StatementCount));
    }

    [Fact]
    public void IncludeParameterValues_KeepsValuesOnEvents_OffByDefault()
    {
        using (var context = Db.Context(Capture))
        using (QueryDoctorScope.Begin("private"))
        {
            _ = context.Members.Where(m => m.CalendarId == 3).ToList();
        }

        Assert.Null(Assert.Single(Assert.Single(Capture.RecentScopes).Scope.Events).Parameters);

        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), IncludeParameterValues = true });
        using (var context = Db.Context(Capture))
        using (QueryDoctorScope.Begin("values"))
        {
            var id = 3;
            _ = context.Members.Where(m => m.CalendarId == id).ToList();
        }

        var parameters = Assert.Single(Assert.Single(Capture.RecentScopes).Scope.Events).Parameters;
        Assert.NotNull(parameters);
        Assert.Equal(3, Assert.Single(parameters).Value);
    }

    [Fact]
    public void Logger_ReceivesFindingsWithStableEventId()
    {
        var logger = new ListLogger();
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), Logger = logger });
        using var context = Db.Context(Capture);
        using (QueryDoctorScope.Begin("logged"))
        {
            for (var id = 1; id <= 3; id++)
            {
                _ = context.Members.Where(m => m.CalendarId == id).ToList();
            }
        }

        var entry = Assert.Single(logger.Entries, e => e.Id.Id == 1);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("[n-plus-one] in scope 'logged'", entry.Message);
    }

    [Fact]
    public void UseQueryDoctorWithOneLambda_ContextsShareOneCapture()
    {
        CalendarContext Create() => new(new DbContextOptionsBuilder<CalendarContext>()
            .UseSqlite(((SqliteDatabase)Db).ConnectionString)
            .UseQueryDoctor(static o => o.Detection = Untimed())
            .Options);

        using var first = Create();
        using var second = Create();
        var scope = QueryDoctorScope.Begin("two contexts");
        foreach (var (context, id) in new[] { (first, 1), (second, 2), (first, 3), (second, 4) })
        {
            _ = context.Members.Where(m => m.CalendarId == id).ToList();
        }

        scope.Dispose();
        var report = Assert.Single(scope.Reports);
        Assert.Equal(4, report.Scope.StatementCount);
        Assert.Equal("n-plus-one", Assert.Single(report.Findings).Rule);
    }

    [Fact]
    public void NoLoggerConfigured_UsesTheContextsLoggerFactory()
    {
        var logger = new ListLogger();
        var options = new DbContextOptionsBuilder<CalendarContext>()
            .UseSqlite(((SqliteDatabase)Db).ConnectionString)
            .UseLoggerFactory(new SingleLoggerFactory(logger))
            .UseQueryDoctor(Capture)
            .Options;
        using var context = new CalendarContext(options);
        using (QueryDoctorScope.Begin("app logger"))
        {
            for (var id = 1; id <= 3; id++)
            {
                _ = context.Members.Where(m => m.CalendarId == id).ToList();
            }
        }

        var entry = Assert.Single(logger.Entries, e => e.Id.Id == 1);
        Assert.Contains("[n-plus-one] in scope 'app logger'", entry.Message);
        Assert.Equal(["QueryDoctor"], logger.Categories.Distinct());
    }

    [Fact]
    public void WriteEventsTo_LogAnalysedOffline_GivesTheSameFindings()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-events-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), IncludeParameterValues = true }.WriteEventsTo(path));
            using (var context = Db.Context(Capture))
            using (QueryDoctorScope.Begin("GET /calendars"))
            {
                foreach (var calendar in context.Calendars.ToList())
                {
                    _ = context.Members.Where(m => m.CalendarId == calendar.Id).ToList();
                    _ = context.Calendars.Count();
                }

                for (var i = 0; i < 4; i++)
                {
                    context.Votes.Add(new Vote { MemberId = 1, Value = i });
                    context.SaveChanges();
                }
            }

            var live = Capture.RecentFindings;
            Capture.Dispose();
            var offline = EventLogAnalysis.Run([path], Untimed()).Findings;
            Assert.Equal(
                live.Select(f => (f.Rule, f.Scope, f.Count, f.Fingerprint, f.CallSite)).Order(),
                offline.Select(f => (f.Rule, f.Scope, f.Count, f.Fingerprint, f.CallSite)).Order());
            Assert.Contains(live, f => f.Rule == "n-plus-one");
            Assert.Contains(live, f => f.Rule == "n-plus-one-write");
            Assert.Contains(live, f => f.Rule == "duplicate-query");
            var lines = File.ReadAllLines(path);
            Assert.Contains(lines, l => l.Contains("\"type\":\"scope\"") && l.Contains("GET /calendars"));
            Assert.All(lines.Where(l => l.Contains("INSERT")), l => Assert.Contains("\"batch\":\"savechanges-", l));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ScopeStatus_KeptOnTheScopeAndWrittenToTheScopeLine_ReadBackByAnalyze()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-status-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(path));
            QueryDoctorScope scope;
            using (var context = Db.Context(Capture))
            using (scope = QueryDoctorScope.Begin("POST /calendars"))
            {
                _ = context.Calendars.Count();
                scope.Status = 201;
            }

            using (var context = Db.Context(Capture))
            using (QueryDoctorScope.Begin("GET /calendars"))
            {
                _ = context.Calendars.Count();
            }

            Assert.Equal(201, Assert.Single(scope.Reports).Scope.Status);
            Capture.Dispose();
            var lines = File.ReadAllLines(path).Where(l => l.Contains("\"type\":\"scope\"")).ToList();
            Assert.Contains(lines, l => l.Contains("\"scope\":\"POST /calendars\"") && l.Contains("\"status\":201"));
            Assert.Contains(lines, l => l.Contains("\"scope\":\"GET /calendars\"") && !l.Contains("status"));
            var offline = EventLogAnalysis.Run([path], Untimed());
            Assert.Equal(201, offline.ScopeSummaries.Single(s => s.Name == "POST /calendars").LastStatus);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TwoCapturesWritingOneEventLog_ShareTheFile_NoLineIsLost()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-shared-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var first = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(path));
            var second = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(path));
            await Task.WhenAll(
                Task.Run(() => Work(first, "first"), TestContext.Current.CancellationToken),
                Task.Run(() => Work(second, "second"), TestContext.Current.CancellationToken));
            first.Dispose();
            second.Dispose();
            var report = EventLogAnalysis.Run([path], Untimed());
            Assert.Equal(0, report.SkippedLines);
            Assert.Equal(40, report.EventCount);
            Assert.Equal(["first", "second"], report.ScopeSummaries.Select(s => s.Name).Order());
        }
        finally
        {
            File.Delete(path);
        }

        void Work(QueryCapture capture, string name)
        {
            using var context = Db.Context(capture);
            using var scope = QueryDoctorScope.Begin(name);
            for (var i = 0; i < 20; i++)
            {
                _ = context.Calendars.Count();
            }
        }
    }

    [Fact]
    public void UnwritableEventLog_IsSwitchedOff_QueriesAndFindingsGoOn()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            var logger = new ListLogger();
            Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), Logger = logger }.WriteEventsTo(Path.Combine(blocker, "events.jsonl")));
            using var context = Db.Context(Capture);
            using (QueryDoctorScope.Begin("no log"))
            {
                for (var id = 1; id <= 3; id++)
                {
                    Assert.Equal(TestDatabase.MembersPerCalendar, context.Members.Where(m => m.CalendarId == id).ToList().Count);
                }
            }

            Assert.Equal("n-plus-one", Assert.Single(Assert.Single(Capture.RecentScopes).Findings).Rule);
            Assert.Single(logger.Entries, e => e.Id.Id == 6);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private sealed class SingleLoggerFactory(ListLogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName)
        {
            if (categoryName == "QueryDoctor")
            {
                logger.Categories.Add(categoryName);
                return logger;
            }

            return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        }

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

        public List<string> Categories { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
