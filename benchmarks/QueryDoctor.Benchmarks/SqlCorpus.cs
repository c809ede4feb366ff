namespace QueryDoctor.Benchmarks;

/// <summary>Statements as real applications send them: EF Core on SQLite and PostgreSQL, Dapper, hand-written SQL.</summary>
internal static class SqlCorpus
{
    public static readonly string[] Statements =
    [
        """
        SELECT "c"."Id", "c"."Name", "c"."OwnerId", "c"."CreatedAt"
        FROM "Calendars" AS "c"
        WHERE "c"."Id" = @__id_0
        LIMIT 1
        """,
        """
        -- GetMembers
        SELECT "m"."CalendarId", "m"."UserId", "m"."Role", "u"."Id", "u"."Name"
        FROM "CalendarMembers" AS "m"
        INNER JOIN "Users" AS "u" ON "m"."UserId" = "u"."Id"
        WHERE "m"."CalendarId" = @__calendarId_0
        ORDER BY "m"."UserId"
        """,
        """
        SELECT v.list_item_id, COUNT(*) FROM votes AS v
        WHERE v.list_item_id IN (@ids1, @ids2, @ids3, @ids4, @ids5, @ids6, @ids7, @ids8)
        GROUP BY v.list_item_id
        """,
        "INSERT INTO \"Votes\" (\"UserId\", \"ListItemId\", \"CreatedAt\") VALUES (@p0, @p1, @p2) RETURNING \"Id\";",
        "UPDATE projects SET status = $1, updated_at = $2 WHERE id = $3",
        """
        SELECT p.id, p.name, p.status, p.updated_at FROM projects p
        WHERE p.status = 'completed' AND p.updated_at < '2026-11-01T00:00:00Z'
        ORDER BY p.updated_at DESC LIMIT 20 OFFSET 40
        """,
        "select * from [dbo].[Orders] o where o.[CustomerId] = @CustomerId and o.[Total] > 100.50 order by o.[CreatedAt] desc",
        "SELECT `id`, `title` FROM `events` WHERE `calendar_id` = ? AND `start_time` >= ? AND `start_time` < ?",
        """
        SELECT r."Id", r."OfferingId", r."RoomId", r."TeacherId", r."EffectiveFrom", r."EffectiveTo"
        FROM "ScheduleRules" AS r
        WHERE r."OfferingId" = @__offeringId_0 AND r."EffectiveFrom" <= @__date_1 AND (r."EffectiveTo" IS NULL OR r."EffectiveTo" >= @__date_1)
        ORDER BY r."EffectiveFrom" DESC
        LIMIT 1
        """,
        "DELETE FROM assets WHERE project_id = :projectId AND type IN ('audio', 'image', 'avatar')",
        """
        INSERT INTO list_items (list_id, title, position) VALUES (1, 'Dinner', 1), (1, 'Movie', 2), (1, 'Hike', 3), (1, 'Museum', 4)
        """,
        """
        /* TagWith: CalendarOverview */
        SELECT e.id, e.title, e.start_time, e.end_time FROM events e
        WHERE e.calendar_id = 42 AND e.start_time BETWEEN '2026-11-01' AND '2026-12-01'
        """,
    ];
}
