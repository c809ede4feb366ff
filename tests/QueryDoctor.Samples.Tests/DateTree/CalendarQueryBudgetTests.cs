using QueryDoctor.Inspection;
using QueryDoctor.Samples.DateTree;
using QueryDoctor.Testing;
using Shouldly;

namespace QueryDoctor.Samples.Tests.DateTree;

/// <summary>DateTree's success criteria as test assertions: query budgets, constant queries and the vote index.</summary>
public sealed class CalendarQueryBudgetTests(DateTreeFixture fixture) : IClassFixture<DateTreeFixture>
{
    private static readonly DateTime Upcoming = DateTreeSeeder.Anchor.AddDays(10);

    private Capture.QueryCapture Capture => fixture.Test.Database.Capture;

    [Fact]
    public void Overview_Optimised_FewerThanThreeQueriesNoNPlusOne()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(2).NoNPlusOne().NoFindingsAtOrAbove(Severity.Info));
        fixture.Optimised.Overview(1, Upcoming, 20).UpcomingEvents.Count.ShouldBe(20);
    }

    [Fact]
    public void Overview_Optimised_ConstantInTheNumberOfEvents() =>
        QueryDoctorTest.AssertConstantQueries(Capture, sizes: (5, 50), setup: null, act: events => fixture.Optimised.Overview(1, Upcoming, events));

    [Fact]
    public void Overview_Naive_FailsTheBudgetNamingTheLazyLoads()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.Verify(Capture, e => e.AtMostQueries(2).NoNPlusOne(), () => fixture.Naive.Overview(1, Upcoming, 20)));

        error.Failures.Count.ShouldBe(2);
        error.Failures[1].ShouldBe("no N+1: 3 findings");
        error.Message.ShouldContain("at QueryDoctor.Samples.DateTree.NaiveCalendarService.Overview (NaiveCalendarService.cs:");
    }

    [Fact]
    public void CanAccess_Optimised_OneQuery() =>
        QueryDoctorTest.Verify(Capture, e => e.AtMostQueries(1), () => fixture.Optimised.CanAccess(1, 2).ShouldBeTrue());

    [Fact]
    public void CountVotes_Optimised_UsesTheListItemIndex()
    {
        using var connection = fixture.Test.Database.OpenConnection();
        var inspector = DatabaseInspector.For(connection, DatabaseProvider.Sqlite);

        using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(1).UsesIndex(inspector, "from votes", "ix_votes_list_item_id"));
        fixture.Optimised.CountVotes(1).ShouldBe(DateTreeSeeder.VotesPerItem(1));
    }
}
