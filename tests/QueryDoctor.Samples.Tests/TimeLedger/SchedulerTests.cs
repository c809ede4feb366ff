using QueryDoctor.Detection;
using QueryDoctor.Rules;
using QueryDoctor.Samples.TimeLedger;
using Shouldly;

namespace QueryDoctor.Samples.Tests.TimeLedger;

/// <summary>TimeLedger's success criteria: phase transitions 8/31/91 -> 1 query, expanding 10 rules 31 -> 1.</summary>
public sealed class SchedulerTests(TimeLedgerFixture fixture) : IClassFixture<TimeLedgerFixture>
{
    private static readonly DateOnly Anchor = TimeLedgerSeeder.Anchor;

    [Theory]
    [InlineData(7, 8)]
    [InlineData(30, 31)]
    [InlineData(90, 91)]
    public void DetectPhaseTransitions_Naive_OneQueryPerDayPlusTheRuleList(int days, int queries)
    {
        var naive = fixture.Test.Record(() => fixture.Naive.DetectPhaseTransitions(1, Anchor, days));

        naive.Queries.ShouldBe(queries);
        naive.Rules.ShouldContain(RuleIds.NPlusOne);
        naive.Findings.Single(f => f.Rule == RuleIds.NPlusOne).Count.ShouldBe(days);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(90)]
    public void DetectPhaseTransitions_Optimised_OneQueryNoFindings(int days)
    {
        var optimised = fixture.Test.Record(() => fixture.Optimised.DetectPhaseTransitions(1, Anchor, days));

        optimised.Queries.ShouldBe(1);
        optimised.Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(30, 2)]
    [InlineData(90, 3)]
    public void DetectPhaseTransitions_BothVersions_FindTheSameTransitions(int days, int transitions)
    {
        var naive = fixture.Naive.DetectPhaseTransitions(1, Anchor, days);
        var optimised = fixture.Optimised.DetectPhaseTransitions(1, Anchor, days);

        optimised.Count.ShouldBe(transitions);
        optimised.ShouldBe(naive);
        optimised[0].Date.ShouldBe(Anchor.AddDays(4));
    }

    [Fact]
    public void DetectPhaseTransitions_ThirtyDays_NaiveBreaksTheQueryBudget()
    {
        var naive = fixture.Test.Record(() => fixture.Naive.DetectPhaseTransitions(1, Anchor, 30));

        naive.Rules.ShouldBe([RuleIds.NPlusOne, RuleIds.TooManyQueries], ignoreOrder: true);
    }

    [Fact]
    public void ExpandRules_Naive_LazyLoadsOfferingRoomAndTeacherPerRule()
    {
        var naive = fixture.Test.Record(() => fixture.Naive.ExpandRules(Anchor, 10));

        naive.Queries.ShouldBe(31);
        naive.Findings.Where(f => f.Rule == RuleIds.NPlusOne).Select(f => f.Table).ShouldBe(["offerings", "rooms", "teachers"], ignoreOrder: true);
    }

    [Fact]
    public void ExpandRules_Optimised_OneQuerySameSessions()
    {
        var optimised = fixture.Test.Record(() => fixture.Optimised.ExpandRules(Anchor, 10));
        var naive = fixture.Naive.ExpandRules(Anchor, 10);

        optimised.Queries.ShouldBe(1);
        optimised.Findings.ShouldBeEmpty();
        optimised.ResultAs<IReadOnlyList<Session>>().ShouldBe(naive);
        naive.ShouldNotBeEmpty();
        naive.Select(s => s.Teacher).Distinct().Count().ShouldBe(naive.Count);
    }
}
