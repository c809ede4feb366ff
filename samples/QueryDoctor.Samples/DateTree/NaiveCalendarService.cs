namespace QueryDoctor.Samples.DateTree;

/// <summary>DateTree's data access as the team first wrote it: navigations walked with lazy loading, checks in memory.</summary>
/// <param name="createContext">Opens a context (one per call, as a request would).</param>
public sealed class NaiveCalendarService(Func<DateTreeContext> createContext)
{
    /// <summary>
    /// The calendar page, walking the object graph: a query for the owner, the members and each member's
    /// user, the lists, each list's items and each item's votes, and every event of the calendar.
    /// </summary>
    /// <param name="calendarId">The calendar.</param>
    /// <param name="from">Events from this time on are upcoming.</param>
    /// <param name="eventCount">How many upcoming events to show.</param>
    /// <returns>The page's data.</returns>
    public CalendarOverview Overview(int calendarId, DateTime from, int eventCount)
    {
        using var context = createContext();
        var calendar = context.Calendars.Single(c => c.Id == calendarId);
        var owner = calendar.Owner.Name;
        var members = calendar.Members.OrderBy(m => m.Id).Select(m => m.User.Name).ToList();
        var lists = calendar.Lists
            .OrderBy(l => l.Id)
            .Select(l => new ListSummary(l.Title, l.Items.OrderBy(i => i.Id).Select(i => new ItemSummary(i.Title, i.Votes.Count)).ToList()))
            .ToList();
        var upcoming = calendar.Events
            .Where(e => e.StartTime >= from)
            .OrderBy(e => e.StartTime)
            .Take(eventCount)
            .Select(e => new EventSummary(e.Title, e.StartTime))
            .ToList();
        return new CalendarOverview(calendar.Name, owner, members, lists, upcoming);
    }

    /// <summary>"Owner or member": loads the calendar, then its members, and loops over them (2 queries).</summary>
    /// <param name="calendarId">The calendar.</param>
    /// <param name="userId">The user.</param>
    /// <returns>Whether the user may open the calendar.</returns>
    public bool CanAccess(int calendarId, int userId)
    {
        using var context = createContext();
        var calendar = context.Calendars.Find(calendarId);
        if (calendar is null)
        {
            return false;
        }

        if (calendar.OwnerId == userId)
        {
            return true;
        }

        foreach (var member in calendar.Members)
        {
            if (member.UserId == userId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts an item's votes (the same query as the optimised version; the schema lacked the index).</summary>
    /// <param name="listItemId">The item.</param>
    /// <returns>Its votes.</returns>
    public int CountVotes(int listItemId)
    {
        using var context = createContext();
        return context.Votes.Count(v => v.ListItemId == listItemId);
    }

    /// <summary>Events of a calendar in [from, to): loads every event of the calendar and filters in memory.</summary>
    /// <param name="calendarId">The calendar.</param>
    /// <param name="from">The start of the range (inclusive).</param>
    /// <param name="to">The end of the range (exclusive).</param>
    /// <returns>The events, by start.</returns>
    public IReadOnlyList<EventSummary> EventsInRange(int calendarId, DateTime from, DateTime to)
    {
        using var context = createContext();
        return context.Events
            .Where(e => e.CalendarId == calendarId)
            .ToList()
            .Where(e => e.StartTime >= from && e.StartTime < to)
            .OrderBy(e => e.StartTime)
            .Select(e => new EventSummary(e.Title, e.StartTime))
            .ToList();
    }

    /// <summary>Casts a vote unless the user has voted for the item: check, then insert (racy without a unique index).</summary>
    /// <param name="userId">The voter.</param>
    /// <param name="listItemId">The item.</param>
    /// <param name="now">The time of the vote (UTC).</param>
    /// <returns>Whether a vote was added.</returns>
    public bool CastVote(int userId, int listItemId, DateTime now)
    {
        using var context = createContext();
        if (context.Votes.Any(v => v.UserId == userId && v.ListItemId == listItemId))
        {
            return false;
        }

        context.Votes.Add(new Vote { UserId = userId, ListItemId = listItemId, CreatedAt = now });
        context.SaveChanges();
        return true;
    }
}
