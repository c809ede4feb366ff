using QueryDoctor.Rules;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EntityFrameworkCore;
using QueryDoctor.Samples.DateTree;
using Shouldly;

namespace QueryDoctor.Samples.Tests.DateTree;

/// <summary>
/// The promise of docs/capture.md: a log the live capture wrote gives the same findings later. The DateTree pages run
/// as concurrent scope instances; the live capture's own verdicts, aggregated per scope name, must equal what
/// <c>querydoctor analyze</c> finds in the log it wrote.
/// </summary>
public sealed class LiveVersusLogTests(DateTreeFixture fixture) : IClassFixture<DateTreeFixture>
{
    private static readonly DateTime Upcoming = DateTreeSeeder.Anchor.AddDays(10);

    private static DetectionOptions Deterministic()
    {
        var detection = new DetectionOptions();
        detection.DisabledRules.Add(RuleIds.SlowScope);
        detection.DisabledRules.Add(RuleIds.SlowQuery);
        detection.DisabledRules.Add("cartesian-explosion");
        return detection;
    }

    [Fact]
    public async Task ConcurrentPages_LiveAggregateAndAnalyzeOfItsLog_SameFindings()
    {
        var path = Path.Combine(fixture.Test.Folder, "live-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var live = new ScopeInstanceAnalyzer(Deterministic());
        var capture = new QueryCapture(new QueryDoctorOptions
        {
            Detection = Deterministic(),
            IncludeParameterValues = true,
            OnScopeCompleted = report => live.AddJudged(report.Scope, report.Findings, report.Suppressed),
        }.WriteEventsTo(path));
        DateTreeContext Create() => new(new DbContextOptionsBuilder<DateTreeContext>()
            .UseSqlite(fixture.Test.Database.ConnectionString)
            .UseLazyLoadingProxies()
            .UseQueryDoctor(capture)
            .Options);
        var naive = new NaiveCalendarService(Create);
        var optimised = new OptimisedCalendarService(Create);
        (string Scope, Action Run)[] pages =
        [
            ("GET /calendars/{id}/overview/naive", () => naive.Overview(1, Upcoming, 20)),
            ("GET /calendars/{id}/overview", () => optimised.Overview(1, Upcoming, 20)),
            ("GET /calendars/{id}/access/naive", () => naive.CanAccess(1, 1 + DateTreeSeeder.MembersPerCalendar)),
            ("GET /calendars/{id}/access/naive", () => naive.CanAccess(1, 1)),
        ];

        try
        {
            await Parallel.ForAsync(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken }, (i, _) =>
            {
                var (scope, run) = pages[i % pages.Length];
                using (QueryDoctorScope.Begin(scope))
                {
                    run();
                }

                return ValueTask.CompletedTask;
            });
        }
        finally
        {
            capture.Dispose();
        }

        var online = live.Snapshot();
        var offline = EventLogAnalysis.Run([path], Deterministic());

        static IEnumerable<string> Key(IEnumerable<Finding> findings) =>
            findings.Select(f => $"{f.Rule}|{f.Scope}|{f.Fingerprint}|{f.CallSite}|{f.Count}|{f.Occurrences}|{f.Instances}").Order();

        online.Findings.ShouldContain(f => f.Rule == RuleIds.NPlusOne && f.Occurrences == 4 && f.Instances == 4);
        Key(offline.Findings).ShouldBe(Key(online.Findings));
        offline.ScopeInstances.ShouldBe(16);
        offline.LateEvents.ShouldBe(0);
        offline.EventCount.ShouldBe(online.EventCount);
        // The naive access check loads the members only for a non-owner: a finding in some of its instances, never all.
        offline.ScopeSummaries.Single(s => s.Name == "GET /calendars/{id}/access/naive").Instances.ShouldBe(8);
    }
}
