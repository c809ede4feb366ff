using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace QueryDoctor.Samples.DateTree;

/// <summary>DateTree's data access as the team ended with it: projections, one query per question, the database's indexes.</summary>
/// <param name="createContext">Opens a context (one per call, as a request would).</param>
public sealed class OptimisedCalendarService(Func<DateTreeContext> createContext)
{
    /// <summary>
    /// The calendar page in two queries: the header with members and upcoming events, then the lists with
    /// their items and vote counts (counted in the database, served by the index on votes(list_item_id)).
    /// </summary>
    /// <param name="calendarId">The calendar.</param>
    /// <param name="from">Events from this time on are upcoming.</param>
    /// <param name="eventCount">How many upcoming events to show.</param>
    /// <returns>The page's data.</returns>
    public CalendarOverview Overview(int calendarId, DateTime from, int eventCount)
    {
        using var context = createContext();

        // Members and the first few events are two small sibling collections: one query returns at most
        // members x eventCount rows, cheaper here than a third round trip.
        var header = context.Calendars
            .AsNoTracking()
            .Where(c => c.Id == calendarId)
            .Select(c => new
            {
                c.Name,
                Owner = c.Owner.Name,
                Members = c.Members.OrderBy(m => m.Id).Select(m => m.User.Name).ToList(),
                Events = c.Events
                    .Where(e => e.StartTime >= from)
                    .OrderBy(e => e.StartTime)
                    .Take(eventCount)
                    .Select(e => new EventSummary(e.Title, e.StartTime))
                    .ToList(),
            })
            .Single();
        var lists = context.Lists
            .AsNoTracking()
            .Where(l => l.CalendarId == calendarId)
            .OrderBy(l => l.Id)
            .Select(l => new ListSummary(
                l.Title,
                l.Items.OrderBy(i => i.Id).Select(i => new ItemSummary(i.Title, i.Votes.Count)).ToList()))
            .ToList();
        return new CalendarOverview(header.Name, header.Owner, header.Members, lists, header.Events);
    }

    /// <summary>"Owner or member" answered by the database in one query.</summary>
    /// <param name="calendarId">The calendar.</param>
    /// <param name="userId">The user.</param>
    /// <returns>Whether the user may open the calendar.</returns>
    public bool CanAccess(int calendarId, int userId)
    {
        using var context = createContext();
        return context.Calendars.Any(c => c.Id == calendarId && (c.OwnerId == userId || c.Members.Any(m => m.UserId == userId)));
    }

    /// <summary>Counts an item's votes: an index search on votes(list_item_id), not a scan.</summary>
    /// <param name="listItemId">The item.</param>
    /// <returns>Its votes.</returns>
    public int CountVotes(int listItemId)
    {
        using var context = createContext();
        return context.Votes.Count(v => v.ListItemId == listItemId);
    }

    /// <summary>Events of a calendar in [from, to), filtered and ordered by the index on events(calendar_id, start_time).</summary>
    /// <param name="calendarId">The calendar.</param>
    /// <param name="from">The start of the range (inclusive).</param>
    /// <param name="to">The end of the range (exclusive).</param>
    /// <returns>The events, by start.</returns>
    public IReadOnlyList<EventSummary> EventsInRange(int calendarId, DateTime from, DateTime to)
    {
        using var context = createContext();
        return context.Events
            .AsNoTracking()
            .Where(e => e.CalendarId == calendarId && e.StartTime >= from && e.StartTime < to)
            .OrderBy(e => e.StartTime)
            .Select(e => new EventSummary(e.Title, e.StartTime))
            .ToList();
    }

    /// <summary>
    /// Casts a vote by inserting it: the unique index on (user_id, list_item_id) rejects a second vote,
    /// atomically, where check-then-insert lets two concurrent requests both insert.
    /// </summary>
    /// <param name="userId">The voter.</param>
    /// <param name="listItemId">The item.</param>
    /// <param name="now">The time of the vote (UTC).</param>
    /// <returns>Whether a vote was added (<see langword="false"/>: the user had voted already).</returns>
    public bool CastVote(int userId, int listItemId, DateTime now)
    {
        using var context = createContext();
        context.Votes.Add(new Vote { UserId = userId, ListItemId = listItemId, CreatedAt = now });
        try
        {
            context.SaveChanges();
            return true;
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            return false;
        }
    }

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 } or PostgresException { SqlState: "23505" };
}
