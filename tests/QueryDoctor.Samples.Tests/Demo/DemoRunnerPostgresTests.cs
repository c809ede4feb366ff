using QueryDoctor.Detection;
using QueryDoctor.Rules;
using QueryDoctor.Samples.Demo;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.Samples.Tests.Demo;

/// <summary>The demo on PostgreSQL (a throwaway cluster on 127.0.0.1): the same counts and findings, PostgreSQL's plans.</summary>
public sealed class DemoRunnerPostgresTests
{
    [Fact]
    public async Task Run_OnPostgres_SameCountsFindingsAndTheIndexInThePlan()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("samples_demo");

        // Every system and both index scenarios, without the two longest naive runs (the project list and the 90 days).
        string[] only = ["timeledger.detect-phase-transitions.30d", "timeledger.expand-rules.10", "datetree.", "studio.cleanup"];
        var report = DemoRunner.Run(new DemoOptions { PostgresConnectionString = connectionString, Only = only });

        report.Database.ShouldBe("postgresql");
        report.Scenarios.Count.ShouldBe(7);
        foreach (var (id, before, after) in new[]
        {
            ("timeledger.detect-phase-transitions.30d", 31, 1), ("timeledger.expand-rules.10", 31, 1),
            ("datetree.calendar-overview", 58, 2), ("datetree.permission-check", 2, 1),
        })
        {
            var scenario = report.Scenarios.Single(s => s.Id == id);
            scenario.Before.Queries.ShouldBe(before, id);
            scenario.After.Queries.ShouldBe(after, id);
        }

        report.Scenarios.ShouldAllBe(s => s.After.Findings.Count == 0);
        var cleanup = report.Scenarios.Single(s => s.Id == "studio.cleanup");
        cleanup.Before.Rules.ShouldContain(RuleIds.NPlusOneWrite);
        cleanup.After.Queries.ShouldBe(3);
        var votes = report.Scenarios.Single(s => s.Id == "datetree.vote-count");
        votes.After.Plan.ShouldNotBeNull().ShouldContain("ix_votes_list_item_id");
        votes.Before.Plan.ShouldNotBeNull().ShouldNotContain("ix_votes_list_item_id");
    }

    [Fact]
    public void Run_UnreachablePostgres_DemoDatabaseException()
    {
        var exception = Should.Throw<DemoDatabaseException>(
            () => DemoRunner.Run(new DemoOptions { PostgresConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2" }));

        exception.Message.ShouldContain("127.0.0.1:1");
    }

    [Fact]
    public void Run_SqliteConnectionStringAsDb_DemoDatabaseException() =>
        Should.Throw<DemoDatabaseException>(() => DemoRunner.Run(new DemoOptions { PostgresConnectionString = "Data Source=app.db" }));
}
