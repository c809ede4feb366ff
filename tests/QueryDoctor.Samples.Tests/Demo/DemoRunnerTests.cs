using QueryDoctor.Detection;
using QueryDoctor.Rules;
using QueryDoctor.Samples.Demo;
using Shouldly;

namespace QueryDoctor.Samples.Tests.Demo;

/// <summary>The demo as a whole (run once for the class): every scenario, the teams' counts, findings before and none after.</summary>
public sealed class DemoRunnerTests(DemoRunnerTests.DemoFixture fixture) : IClassFixture<DemoRunnerTests.DemoFixture>
{
    public static TheoryData<string, int, int> Counts => new()
    {
        { "timeledger.detect-phase-transitions.7d", 8, 1 },
        { "timeledger.detect-phase-transitions.30d", 31, 1 },
        { "timeledger.detect-phase-transitions.90d", 91, 1 },
        { "timeledger.expand-rules.10", 31, 1 },
        { "datetree.calendar-overview", 58, 2 },
        { "datetree.permission-check", 2, 1 },
        { "datetree.vote-count", 1, 1 },
        { "datetree.events-in-range", 1, 1 },
        { "studio.project-list", 301, 2 },
    };

    [Fact]
    public void Run_EveryContractScenarioInOrder() =>
        fixture.Report.Scenarios.Select(s => s.Id).ShouldBe(DemoRunner.ScenarioIds);

    [Theory]
    [MemberData(nameof(Counts))]
    public void Run_QueryCountsBeforeAndAfter(string id, int before, int after)
    {
        var scenario = fixture.Report.Scenarios.Single(s => s.Id == id);
        scenario.Before.Queries.ShouldBe(before);
        scenario.After.Queries.ShouldBe(after);
    }

    [Fact]
    public void Run_Cleanup_SetBasedAfter()
    {
        var cleanup = fixture.Report.Scenarios.Single(s => s.Id == "studio.cleanup");
        cleanup.After.Queries.ShouldBe(3);
        cleanup.Before.Rules.ShouldContain(RuleIds.NPlusOneWrite);
    }

    [Fact]
    public void Run_EveryNPlusOneBefore_NoFindingsAfter()
    {
        var withNPlusOne = fixture.Report.Scenarios.Where(s => s.Before.Rules.Contains(RuleIds.NPlusOne)).Select(s => s.Id).ToList();

        withNPlusOne.ShouldBe(
        [
            "timeledger.detect-phase-transitions.7d", "timeledger.detect-phase-transitions.30d", "timeledger.detect-phase-transitions.90d",
            "timeledger.expand-rules.10", "datetree.calendar-overview", "studio.project-list", "studio.cleanup",
        ]);
        fixture.Report.Scenarios.ShouldAllBe(s => s.After.Findings.Count == 0);
    }

    [Fact]
    public void Run_IndexScenarios_PlanSearchesTheIndexOnlyAfter()
    {
        var votes = fixture.Report.Scenarios.Single(s => s.Id == "datetree.vote-count");
        votes.Before.Plan.ShouldNotBeNull().ShouldNotContain("ix_votes_list_item_id");
        votes.After.Plan.ShouldNotBeNull().ShouldContain("SEARCH v USING COVERING INDEX ix_votes_list_item_id");

        var events = fixture.Report.Scenarios.Single(s => s.Id == "datetree.events-in-range");
        events.Before.Plan.ShouldNotBeNull().ShouldContain("TEMP B-TREE");
        events.After.Plan.ShouldNotBeNull().ShouldContain("ix_events_calendar_id_start_time");
        events.Before.Rules.ShouldBe([RuleIds.UnboundedResult]);
    }

    [Fact]
    public void Run_Only_RunsTheChosenScenarios()
    {
        var report = DemoRunner.Run(new DemoOptions { Only = ["datetree.permission-check"] });

        report.Scenarios.Select(s => s.Id).ShouldBe(["datetree.permission-check"]);
    }

    [Fact]
    public void Run_ScaleBelowOne_Rejected() =>
        Should.Throw<ArgumentException>(() => DemoRunner.Run(new DemoOptions { Scale = 0 }));

    public sealed class DemoFixture
    {
        public DemoReport Report { get; } = DemoRunner.Run();
    }
}
