using QueryDoctor.Detection;
using QueryDoctor.Rules;
using QueryDoctor.Samples.DateTree;
using Shouldly;

namespace QueryDoctor.Samples.Tests.DateTree;

/// <summary>
/// DateTree's success criteria: the calendar page in fewer than 3 queries, the permission check in one,
/// the vote count and the event range served by their indexes, a vote protected by a unique index.
/// </summary>
public sealed class CalendarServiceTests(DateTreeFixture fixture) : IClassFixture<DateTreeFixture>
{
    private static readonly DateTime Upcoming = DateTreeSeeder.Anchor.AddDays(10);

    [Fact]
    public void Overview_Naive_NPlusOneOverMembersItemsAndVotes()
    {
        var naive = fixture.Test.Record(() => fixture.Naive.Overview(1, Upcoming, 20));

        naive.Queries.ShouldBeGreaterThan(30);
        naive.Findings.Where(f => f.Rule == RuleIds.NPlusOne).Select(f => f.Table).ShouldBe(["users", "list_items", "votes"], ignoreOrder: true);
        naive.Rules.ShouldContain(RuleIds.UnboundedResult);
    }

    [Fact]
    public void Overview_Optimised_FewerThanThreeQueriesSamePage()
    {
        var optimised = fixture.Test.Record(() => fixture.Optimised.Overview(1, Upcoming, 20));
        var naive = fixture.Naive.Overview(1, Upcoming, 20);

        optimised.Queries.ShouldBeLessThan(3);
        optimised.Findings.ShouldBeEmpty();
        var page = optimised.ResultAs<CalendarOverview>();
        Render(page).ShouldBe(Render(naive));
        page.Members.Count.ShouldBe(DateTreeSeeder.MembersPerCalendar);
        page.Lists.Sum(l => l.Items.Sum(i => i.Votes)).ShouldBe(DateTreeSeeder.ListsPerCalendar * DateTreeSeeder.ItemsPerList * DateTreeSeeder.VotesPerItem(1));
        page.UpcomingEvents.Count.ShouldBe(20);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1 + DateTreeSeeder.MembersPerCalendar, true)]
    [InlineData(2 + DateTreeSeeder.MembersPerCalendar, false)]
    public void CanAccess_OwnerOrMember_OneQueryAndTheNaiveAnswer(int userId, bool expected)
    {
        var optimised = fixture.Test.Record(() => fixture.Optimised.CanAccess(1, userId));

        optimised.Queries.ShouldBe(1);
        optimised.ResultAs<bool>().ShouldBe(expected);
        fixture.Naive.CanAccess(1, userId).ShouldBe(expected);
    }

    [Fact]
    public void CanAccess_NaiveForAMember_LoadsTheMembers()
    {
        var naive = fixture.Test.Record(() => fixture.Naive.CanAccess(1, 1 + DateTreeSeeder.MembersPerCalendar));

        naive.Queries.ShouldBe(2);
        naive.Sql[1].ShouldContain("calendar_members");
    }

    [Fact]
    public void CountVotes_Plan_SearchesTheListItemIndex()
    {
        var recorded = fixture.Test.Record(() => fixture.Optimised.CountVotes(1));
        var sql = recorded.Scope.Events.Single();
        var parameters = sql.Parameters!.Select(p => (p.Name!, p.Value!)).ToArray();

        recorded.ResultAs<int>().ShouldBe(DateTreeSeeder.VotesPerItem(1));
        fixture.Test.Database.Explain(sql.Sql, parameters).ShouldContain("SEARCH v USING COVERING INDEX ix_votes_list_item_id (list_item_id=?)");
    }

    [Fact]
    public void CountVotes_WithoutTheIndex_ScansVotes()
    {
        // A private database: dropping the index must not disturb the other tests.
        using var own = new DateTreeFixture();
        var recorded = own.Test.Record(() => own.Optimised.CountVotes(1));
        var sql = recorded.Scope.Events.Single();
        var parameters = sql.Parameters!.Select(p => (p.Name!, p.Value!)).ToArray();
        own.Test.Database.Execute("DROP INDEX ix_votes_list_item_id");

        var plan = own.Test.Database.Explain(sql.Sql, parameters);

        plan.ShouldStartWith("SCAN v");
        plan.ShouldNotContain("ix_votes_list_item_id");
        own.Optimised.CountVotes(1).ShouldBe(DateTreeSeeder.VotesPerItem(1));
    }

    [Fact]
    public void EventsInRange_Optimised_ServedByCalendarAndStartIndexSameEvents()
    {
        var from = DateTreeSeeder.Anchor.AddDays(30);
        var to = from.AddDays(7);
        var optimised = fixture.Test.Record(() => fixture.Optimised.EventsInRange(1, from, to));
        var naive = fixture.Test.Record(() => fixture.Naive.EventsInRange(1, from, to));
        var sql = optimised.Scope.Events.Single();

        optimised.ResultAs<IReadOnlyList<EventSummary>>().ShouldBe(naive.ResultAs<IReadOnlyList<EventSummary>>());
        optimised.ResultAs<IReadOnlyList<EventSummary>>().Count.ShouldBe(7 * 24 / 5 + 1);
        optimised.Findings.ShouldBeEmpty();
        naive.Rules.ShouldBe([RuleIds.UnboundedResult]);
        fixture.Test.Database.Explain(sql.Sql, [.. sql.Parameters!.Select(p => (p.Name!, p.Value!))])
            .ShouldContain("ix_events_calendar_id_start_time (calendar_id=? AND start_time>? AND start_time<?)");
    }

    [Fact]
    public void CastVote_Naive_UniqueIndexInModel_NoCheckThenInsert()
    {
        // The model declares (user_id, list_item_id) unique, so the database already rejects the racing insert:
        // advising that unique index would be wrong (issue 21, item 4). The race's fix is handling the violation,
        // as the optimised service does.
        var naive = fixture.Test.Record(() => fixture.Naive.CastVote(3, 100, DateTreeSeeder.Anchor));

        naive.ResultAs<bool>().ShouldBeTrue();
        naive.Rules.ShouldNotContain(RuleIds.CheckThenInsert);
    }

    [Fact]
    public void CastVote_Optimised_TheUniqueIndexRejectsASecondVote()
    {
        var first = fixture.Test.Record(() => fixture.Optimised.CastVote(5, 101, DateTreeSeeder.Anchor));
        var second = fixture.Optimised.CastVote(5, 101, DateTreeSeeder.Anchor);

        first.ResultAs<bool>().ShouldBeTrue();
        first.Queries.ShouldBe(1);
        first.Findings.ShouldBeEmpty();
        second.ShouldBeFalse();
        using var context = fixture.Create();
        context.Votes.Count(v => v.UserId == 5 && v.ListItemId == 101).ShouldBe(1);
    }

    private static string Render(CalendarOverview page) =>
        $"{page.Name}|{page.Owner}|{string.Join(",", page.Members)}|" +
        string.Join(";", page.Lists.Select(l => l.Title + ":" + string.Join(",", l.Items.Select(i => $"{i.Title}={i.Votes}")))) + "|" +
        string.Join(",", page.UpcomingEvents);
}
