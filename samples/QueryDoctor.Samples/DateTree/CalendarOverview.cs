namespace QueryDoctor.Samples.DateTree;

/// <summary>What the calendar page shows: owner, members, lists with items and vote counts, upcoming events.</summary>
/// <param name="Name">The calendar's name.</param>
/// <param name="Owner">The owner's name.</param>
/// <param name="Members">The members' names, by membership.</param>
/// <param name="Lists">The lists, by id, each with its items and their vote counts.</param>
/// <param name="UpcomingEvents">The first events from the given time on, by start.</param>
public sealed record CalendarOverview(
    string Name,
    string Owner,
    IReadOnlyList<string> Members,
    IReadOnlyList<ListSummary> Lists,
    IReadOnlyList<EventSummary> UpcomingEvents);
