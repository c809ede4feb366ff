using System.Globalization;
using Microsoft.Data.Sqlite;
using QueryDoctor.Advisor;
using QueryDoctor.Sql;

namespace QueryDoctor.Benchmarks.Advisor;

/// <summary>
/// The data layer of two reference systems (DateTree's calendars and votes, Studio's projects and assets)
/// as the naive versions query it, on an unindexed SQLite database, plus the indexes the teams chose by hand.
/// </summary>
internal static class ReferenceWorkload
{
    public const int Users = 2_000;
    public const int Calendars = 1_000;
    public const int Items = 20_000;
    public const int Votes = 300_000;
    public const int Events = 100_000;
    public const int Projects = 20_000;
    public const int Assets = 120_000;

    private const string Schema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE calendars (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES users (id), name TEXT NOT NULL);
        CREATE TABLE calendar_members (id INTEGER PRIMARY KEY, calendar_id INTEGER NOT NULL REFERENCES calendars (id), user_id INTEGER NOT NULL REFERENCES users (id), role TEXT NOT NULL);
        CREATE TABLE lists (id INTEGER PRIMARY KEY, calendar_id INTEGER NOT NULL REFERENCES calendars (id), title TEXT NOT NULL);
        CREATE TABLE list_items (id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES lists (id), title TEXT NOT NULL);
        CREATE TABLE votes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), list_item_id INTEGER NOT NULL REFERENCES list_items (id), created_at TEXT NOT NULL);
        CREATE TABLE events (id INTEGER PRIMARY KEY, calendar_id INTEGER NOT NULL REFERENCES calendars (id), title TEXT NOT NULL, start_time TEXT NOT NULL, end_time TEXT NOT NULL);
        CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE assets (id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects (id), type TEXT NOT NULL, path TEXT NOT NULL);
        """;

    /// <summary>The indexes the teams added by hand: DateTree's vote, uniqueness and event-range indexes, the foreign keys they found unindexed, Studio's asset and status indexes.</summary>
    public static readonly string[] HandIndexes =
    [
        "CREATE INDEX hand_votes_item ON votes (list_item_id)",
        "CREATE UNIQUE INDEX hand_votes_user_item ON votes (user_id, list_item_id)",
        "CREATE INDEX hand_events_calendar_start ON events (calendar_id, start_time)",
        "CREATE INDEX hand_members_calendar ON calendar_members (calendar_id)",
        "CREATE INDEX hand_lists_calendar ON lists (calendar_id)",
        "CREATE INDEX hand_items_list ON list_items (list_id)",
        "CREATE INDEX hand_assets_project ON assets (project_id)",
        "CREATE INDEX hand_projects_status_updated ON projects (status, updated_at)",
    ];

    /// <summary>The naive statement shapes, each with representative values, and how often one pass of the workload runs it.</summary>
    public static readonly (string Sql, object[] Values, int Count)[] Statements =
    [
        ("SELECT count(*) FROM votes WHERE list_item_id = @p0", [4_242], 60),
        ("SELECT EXISTS (SELECT 1 FROM votes WHERE user_id = @p0 AND list_item_id = @p1)", [17, 4_242], 20),
        ("SELECT id, title, start_time, end_time FROM events WHERE calendar_id = @p0 AND start_time >= @p1 AND start_time < @p2 ORDER BY start_time", [77, "2026-03-01", "2026-04-01"], 10),
        ("SELECT user_id, role FROM calendar_members WHERE calendar_id = @p0", [77], 10),
        ("SELECT 1 FROM calendar_members WHERE calendar_id = @p0 AND user_id = @p1", [77, 17], 10),
        ("SELECT id, title FROM lists WHERE calendar_id = @p0", [77], 10),
        ("SELECT id, title FROM list_items WHERE list_id = @p0", [1_234], 30),
        ("SELECT id, type, path FROM assets WHERE project_id = @p0", [9_876], 30),
        ("SELECT id, name, status, updated_at FROM projects WHERE status = @p0 ORDER BY updated_at DESC LIMIT 20", ["rendering"], 5),
    ];

    public static IReadOnlyList<WorkloadStatement> AsWorkload() =>
    [
        .. Statements.Select(s => new WorkloadStatement
        {
            Fingerprint = SqlFingerprint.Of(s.Sql),
            Sql = s.Sql,
            Parameters = [.. s.Values.Select((v, i) => new QueryParameter("@p" + i.ToString(CultureInfo.InvariantCulture), v))],
            Count = s.Count,
            TotalDuration = TimeSpan.FromMilliseconds(s.Count),
        }),
    ];

    /// <summary>Creates the unindexed database once per path.</summary>
    public static void Create(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        using var connection = Open(path);
        Execute(connection, Schema);
        var random = new Random(20261123);
        using var transaction = connection.BeginTransaction();
        Fill(connection, transaction, "INSERT INTO users (id, name) VALUES (@p0, @p1)", Users, i => [i + 1, "user " + i]);
        Fill(connection, transaction, "INSERT INTO calendars (id, owner_id, name) VALUES (@p0, @p1, @p2)", Calendars, i => [i + 1, 1 + random.Next(Users), "calendar " + i]);
        Fill(connection, transaction, "INSERT INTO calendar_members (calendar_id, user_id, role) VALUES (@p0, @p1, @p2)", Calendars * 8, i => [1 + i / 8, 1 + random.Next(Users), i % 8 == 0 ? "owner" : "member"]);
        Fill(connection, transaction, "INSERT INTO lists (id, calendar_id, title) VALUES (@p0, @p1, @p2)", Calendars * 4, i => [i + 1, 1 + i / 4, "list " + i]);
        Fill(connection, transaction, "INSERT INTO list_items (id, list_id, title) VALUES (@p0, @p1, @p2)", Items, i => [i + 1, 1 + random.Next(Calendars * 4), "item " + i]);
        Fill(connection, transaction, "INSERT INTO votes (user_id, list_item_id, created_at) VALUES (@p0, @p1, @p2)", Votes, i =>
        {
            // Each user votes for an item at most once (the unique index the team added must hold).
            var item = (int)((i * 7_919L) % Items);
            return [1 + (((i / Items) * 131) + item) % Users, 1 + item, "2026-01-01"];
        });
        Fill(connection, transaction, "INSERT INTO events (calendar_id, title, start_time, end_time) VALUES (@p0, @p1, @p2, @p3)", Events, i =>
        {
            var start = new DateTime(2026, 1, 1).AddMinutes(random.Next(365 * 24 * 60));
            return [1 + random.Next(Calendars), "event " + i, start.ToString("s", CultureInfo.InvariantCulture), start.AddHours(1).ToString("s", CultureInfo.InvariantCulture)];
        });
        string[] statuses = ["draft", "rendering", "completed", "completed", "completed", "failed"];
        Fill(connection, transaction, "INSERT INTO projects (id, name, status, created_at, updated_at) VALUES (@p0, @p1, @p2, @p3, @p4)", Projects, i =>
        {
            var created = new DateTime(2025, 1, 1).AddMinutes(random.Next(600 * 24 * 60));
            return [i + 1, "project " + i, statuses[random.Next(statuses.Length)], created.ToString("s", CultureInfo.InvariantCulture), created.AddDays(random.Next(30)).ToString("s", CultureInfo.InvariantCulture)];
        });
        string[] types = ["script", "audio", "image", "avatar", "output", "log"];
        Fill(connection, transaction, "INSERT INTO assets (project_id, type, path) VALUES (@p0, @p1, @p2)", Assets, i => [1 + random.Next(Projects), types[i % types.Length], "assets/" + i]);
        transaction.Commit();
        Execute(connection, "ANALYZE");
    }

    /// <summary>Runs every statement of the workload its number of times; returns a checksum so nothing is optimised away.</summary>
    public static long Run(SqliteConnection connection)
    {
        long checksum = 0;
        foreach (var (sql, values, count) in Statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            for (var p = 0; p < values.Length; p++)
            {
                command.Parameters.AddWithValue("@p" + p.ToString(CultureInfo.InvariantCulture), values[p]);
            }

            for (var i = 0; i < count; i++)
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    checksum += reader.FieldCount;
                }
            }
        }

        return checksum;
    }

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Fill(SqliteConnection connection, SqliteTransaction transaction, string sql, int rows, Func<int, object[]> values)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var first = values(0);
        for (var p = 0; p < first.Length; p++)
        {
            command.Parameters.Add(new SqliteParameter("@p" + p.ToString(CultureInfo.InvariantCulture), first[p]));
        }

        for (var i = 0; i < rows; i++)
        {
            var row = i == 0 ? first : values(i);
            for (var p = 0; p < row.Length; p++)
            {
                command.Parameters[p].Value = row[p];
            }

            command.ExecuteNonQuery();
        }
    }
}
