using QueryDoctor.Detection;
using QueryDoctor.Samples.TimeLedger;
using QueryDoctor.Testing;
using Shouldly;

namespace QueryDoctor.Samples.Tests.TimeLedger;

/// <summary>TimeLedger's gains kept by the test assertions: the optimised scheduler's query count does not grow with the days.</summary>
public sealed class SchedulerQueryBudgetTests(TimeLedgerFixture fixture) : IClassFixture<TimeLedgerFixture>
{
    private static readonly DateOnly Anchor = TimeLedgerSeeder.Anchor;

    private Capture.QueryCapture Capture => fixture.Test.Database.Capture;

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(90)]
    public void DetectPhaseTransitions_Optimised_OneQueryNoNPlusOne(int days)
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(1).NoNPlusOne().NoFindingsAtOrAbove(Severity.Warning));
        fixture.Optimised.DetectPhaseTransitions(1, Anchor, days).ShouldNotBeEmpty();
    }

    [Fact]
    public void DetectPhaseTransitions_Optimised_ConstantInTheDays() =>
        QueryDoctorTest.AssertConstantQueries(Capture, sizes: (7, 90), setup: null, act: days => fixture.Optimised.DetectPhaseTransitions(1, Anchor, days));

    [Fact]
    public void DetectPhaseTransitions_Naive_GrowsWithTheDays_MessageNamesTheLoop()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.AssertConstantQueries(Capture, sizes: (7, 30), setup: null, act: days => fixture.Naive.DetectPhaseTransitions(1, Anchor, days)));

        error.Message.ShouldContain("8 queries at size 7, 31 queries at size 30 (expected the same).");
        error.Message.ShouldContain("      7 -> 30 x select ");
        error.Message.ShouldContain("        at QueryDoctor.Samples.TimeLedger.NaiveScheduler.DetectPhaseTransitions (NaiveScheduler.cs:");
        error.Message.ShouldContain("        fix: ");
    }

    [Fact]
    public void ExpandRules_Optimised_OneQueryForTenRules()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(1).NoNPlusOne());
        fixture.Optimised.ExpandRules(Anchor, 10).ShouldNotBeEmpty();
    }

    [Fact]
    public void ExpandRules_Naive_FailsTheBudgetListingTheLazyLoads()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.Verify(Capture, e => e.AtMostQueries(1).NoNPlusOne(), () => fixture.Naive.ExpandRules(Anchor, 10)));

        error.Failures.ShouldBe(["at most 1 query: 31 ran", "no N+1: 3 findings"]);
        error.Message.ShouldContain("[n-plus-one]");
    }
}
