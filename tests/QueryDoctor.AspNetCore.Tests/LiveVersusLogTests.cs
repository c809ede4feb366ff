using QueryDoctor.Rules;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

public sealed class LiveVersusLogTests
{
    private static DetectionOptions Untimed()
    {
        // Timing rules depend on this machine's load: compare the rules that do not.
        var options = new DetectionOptions();
        options.DisabledRules.Add(RuleIds.SlowQuery);
        options.DisabledRules.Add(RuleIds.SlowScope);

        // Live-only (CONTRACTS §4): EF Core's enricher adds it from the model; a log cannot say it.
        options.DisabledRules.Add("cartesian-explosion");
        return options;
    }

    [Fact]
    public async Task ConcurrentRequests_LiveAggregateAndAnalyzeOfItsLog_SameFindings()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-live-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var live = new ScopeInstanceAnalyzer(Untimed());
        try
        {
            await using (var factory = new SampleAppFactory
            {
                ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o =>
                {
                    o.Capture.WriteEventsTo(path);
                    o.Capture.Detection = Untimed();
                    o.Capture.OnScopeCompleted = report => live.AddJudged(report.Scope, report.Findings, report.Suppressed);
                }),
            })
            {
                using var client = factory.CreateClient();
                var ct = TestContext.Current.CancellationToken;
                var urls = Enumerable.Range(0, 24).Select(i => (i % 3) switch
                {
                    0 => "/calendars/7/overview/naive",
                    1 => "/calendars/7/overview",
                    _ => "/items/12/votes",
                });
                await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (url, token) =>
                {
                    using var response = await client.GetAsync(url, token);
                    response.EnsureSuccessStatusCode();
                });
            }

            var online = live.Snapshot();
            var offline = EventLogAnalysis.Run([path], Untimed());

            static IEnumerable<string> Key(IEnumerable<Finding> findings) =>
                findings.Select(f => $"{f.Rule}|{f.Scope}|{f.Fingerprint}|{f.CallSite}|{f.Count}|{f.Occurrences}|{f.Instances}").Order();

            online.Findings.ShouldNotBeEmpty();
            Key(offline.Findings).ShouldBe(Key(online.Findings));
            offline.ScopeInstances.ShouldBe(24);
            offline.LateEvents.ShouldBe(0);
            var naive = offline.Findings.First(f => f.Rule == RuleIds.NPlusOne && f.Scope == "GET /calendars/{id}/overview/naive");
            naive.Occurrences.ShouldBe(8);
            naive.Instances.ShouldBe(8);
            naive.Message.ShouldContain("in 8 of 8 GET /calendars/{id}/overview/naive requests");

            // Every line carries its instance's id; the 24 scope lines carry 24 distinct ids.
            var lines = File.ReadAllLines(path);
            lines.ShouldAllBe(l => l.Contains("\"scopeId\":"));
            var ids = lines.Where(l => l.Contains("\"type\":\"scope\"", StringComparison.Ordinal))
                .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("scopeId").GetString())
                .ToList();
            ids.Count.ShouldBe(24);
            ids.Distinct().Count().ShouldBe(24);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Request_WithCurrentActivity_ScopeIdIsTraceAndSpanId()
    {
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items/12/votes");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        (await client.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var scope = factory.Services.GetRequiredService<QueryCapture>().RecentScopes.Single().Scope;
        scope.ScopeId.ShouldNotBeNull();
        scope.ScopeId.ShouldStartWith("4bf92f3577b34da6a3ce929d0e0e4736-");
        scope.ScopeId.Length.ShouldBe(32 + 1 + 16);
    }
}
