using QueryDoctor.Samples.DateTree;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Demo;

/// <summary>DateTree's scenarios: the calendar page, the permission check, and the two index effects.</summary>
internal sealed class DateTreeDemo : IDemoSystem
{
    /// <summary>The member the permission check asks about: calendar 1's last member, so the naive loop visits them all.</summary>
    internal const int LastMemberOfFirstCalendar = 1 + DateTreeSeeder.MembersPerCalendar;

    private const string WithoutVoteIndex = "DROP INDEX IF EXISTS ix_votes_list_item_id";
    private const string WithVoteIndex = "CREATE INDEX IF NOT EXISTS ix_votes_list_item_id ON votes (list_item_id)";
    private const string WithoutEventIndex =
        "DROP INDEX IF EXISTS ix_events_calendar_id_start_time; CREATE INDEX IF NOT EXISTS ix_events_calendar_id ON events (calendar_id)";
    private const string WithEventIndex =
        "DROP INDEX IF EXISTS ix_events_calendar_id; CREATE INDEX IF NOT EXISTS ix_events_calendar_id_start_time ON events (calendar_id, start_time)";

    public string Name => "datetree";

    public string Title => "DateTree";

    public void Seed(SampleDatabase database, int scale)
    {
        using (var context = Create(database))
        {
            database.CreateTables(context);
        }

        DateTreeSeeder.Seed(database, scale);
    }

    public IEnumerable<DemoScenario> Scenarios(SampleDatabase database, int scale)
    {
        var naive = new NaiveCalendarService(() => Create(database));
        var optimised = new OptimisedCalendarService(() => Create(database));
        var upcoming = DateTreeSeeder.Anchor.AddDays(10);
        var rangeStart = DateTreeSeeder.Anchor.AddDays(30);
        var rangeEnd = rangeStart.AddDays(7);
        yield return new DemoScenario
        {
            Id = "datetree.calendar-overview",
            Title = "Calendar page: members, lists, items with vote counts, upcoming events",
            Naive = () => naive.Overview(1, upcoming, 20),
            Optimised = () => optimised.Overview(1, upcoming, 20),
        };
        yield return new DemoScenario
        {
            Id = "datetree.permission-check",
            Title = "May this user open the calendar? (owner or member)",
            Naive = () => naive.CanAccess(1, LastMemberOfFirstCalendar),
            Optimised = () => optimised.CanAccess(1, LastMemberOfFirstCalendar),
        };
        yield return new DemoScenario
        {
            Id = "datetree.vote-count",
            Title = "Votes of one item, without and with the index on votes(list_item_id)",
            Naive = () => naive.CountVotes(1),
            Optimised = () => optimised.CountVotes(1),
            NaiveSchema = WithoutVoteIndex,
            OptimisedSchema = WithVoteIndex,
            PlannedQuery = scope => scope.Events.Count > 0 ? scope.Events[^1] : null,
        };
        yield return new DemoScenario
        {
            Id = "datetree.events-in-range",
            Title = "A week of a calendar's events, served by events(calendar_id, start_time)",
            Naive = () => naive.EventsInRange(1, rangeStart, rangeEnd),
            Optimised = () => optimised.EventsInRange(1, rangeStart, rangeEnd),
            NaiveSchema = WithoutEventIndex,
            OptimisedSchema = WithEventIndex,
            PlannedQuery = scope => scope.Events.Count > 0 ? scope.Events[^1] : null,
        };
    }

    internal static DateTreeContext Create(SampleDatabase database) => new(database.Options<DateTreeContext>());
}
