using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.DateTree;

/// <summary>
/// Deterministic DateTree data. Calendar 1 (owned by user 1) is the one the scenarios look at: it has
/// <see cref="MembersPerCalendar"/> members (users 2..), <see cref="ListsPerCalendar"/> lists of
/// <see cref="ItemsPerList"/> items, and 1,500 x scale events, one every five hours from <see cref="Anchor"/>.
/// Every item has 10 x scale votes from distinct users.
/// </summary>
public static class DateTreeSeeder
{
    /// <summary>The first event's start (UTC).</summary>
    public static readonly DateTime Anchor = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>Members of every calendar, besides its owner.</summary>
    public const int MembersPerCalendar = 8;

    /// <summary>Lists per calendar.</summary>
    public const int ListsPerCalendar = 5;

    /// <summary>Items per list.</summary>
    public const int ItemsPerList = 8;

    /// <summary>Calendars seeded.</summary>
    public const int CalendarCount = 50;

    /// <summary>Users seeded at a scale.</summary>
    /// <param name="scale">The data size multiplier.</param>
    /// <returns>The number of users.</returns>
    public static int UserCount(int scale) => 200 * scale;

    /// <summary>Votes per item at a scale.</summary>
    /// <param name="scale">The data size multiplier.</param>
    /// <returns>The number of votes every item has.</returns>
    public static int VotesPerItem(int scale) => 10 * scale;

    /// <summary>Events of calendar 1 at a scale.</summary>
    /// <param name="scale">The data size multiplier.</param>
    /// <returns>The number of events.</returns>
    public static int EventsOfFirstCalendar(int scale) => 1500 * scale;

    /// <summary>Fills an empty DateTree database (multi-row inserts, not recorded).</summary>
    /// <param name="database">The database, with its tables created.</param>
    /// <param name="scale">The data size multiplier (1 or more).</param>
    public static void Seed(SampleDatabase database, int scale)
    {
        ArgumentNullException.ThrowIfNull(database);
        var users = UserCount(scale);
        database.BulkInsert("users", ["id", "name", "email"],
            Enumerable.Range(1, users).Select(i => new object?[] { i, $"User {i}", $"user{i}@example.test" }));
        database.BulkInsert("calendars", ["id", "name", "owner_id"],
            Enumerable.Range(1, CalendarCount).Select(c => new object?[] { c, $"Calendar {c}", Owner(c, users) }));
        database.BulkInsert("calendar_members", ["id", "calendar_id", "user_id", "role"],
            Enumerable.Range(1, CalendarCount).SelectMany(c => Enumerable.Range(1, MembersPerCalendar).Select(m => new object?[]
            {
                ((c - 1) * MembersPerCalendar) + m, c, ((Owner(c, users) - 1 + m) % users) + 1, m % 3 == 0 ? "editor" : "viewer",
            })));
        var lists = CalendarCount * ListsPerCalendar;
        database.BulkInsert("lists", ["id", "calendar_id", "title"],
            Enumerable.Range(1, lists).Select(l => new object?[] { l, ((l - 1) / ListsPerCalendar) + 1, $"List {l}" }));
        var items = lists * ItemsPerList;
        database.BulkInsert("list_items", ["id", "list_id", "title"],
            Enumerable.Range(1, items).Select(i => new object?[] { i, ((i - 1) / ItemsPerList) + 1, $"Item {i}" }));

        // An item's voters are consecutive users from a per-item start: distinct, as there are more users than votes per item.
        var perItem = VotesPerItem(scale);
        database.BulkInsert("votes", ["id", "list_item_id", "user_id", "created_at"],
            Enumerable.Range(1, items).SelectMany(i => Enumerable.Range(0, perItem).Select(v => new object?[]
            {
                ((i - 1) * perItem) + v + 1, i, (((i * 7) + v) % users) + 1, Anchor.AddMinutes(-((i * 31) + v) % 40_000),
            })));

        var firstCalendarEvents = EventsOfFirstCalendar(scale);
        const int OtherEvents = 20;
        database.BulkInsert("events", ["id", "calendar_id", "title", "start_time", "end_time"],
            Enumerable.Range(0, firstCalendarEvents + ((CalendarCount - 1) * OtherEvents)).Select(e =>
            {
                var calendar = e < firstCalendarEvents ? 1 : 2 + ((e - firstCalendarEvents) / OtherEvents);
                var start = Anchor.AddHours(5 * (e < firstCalendarEvents ? e : e - firstCalendarEvents));
                return new object?[] { e + 1, calendar, $"Event {e + 1}", start, start.AddHours(1) };
            }));
    }

    private static int Owner(int calendar, int users) => (((calendar - 1) * 11) % users) + 1;
}
