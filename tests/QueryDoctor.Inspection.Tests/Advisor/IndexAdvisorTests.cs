using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using QueryDoctor.Advisor;
using QueryDoctor.Inspection;
using QueryDoctor.Sql;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Advisor;

public sealed class IndexAdvisorTests
{
    private const string VotesSchema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE list_items (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
        CREATE TABLE votes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
                            list_item_id INTEGER NOT NULL REFERENCES list_items (id), created_at TEXT NOT NULL);
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WorkloadStatement Statement(string sql, int count = 10, double ms = 50, params QueryParameter[] parameters) =>
        new()
        {
            Fingerprint = SqlFingerprint.Of(sql),
            Sql = sql,
            Parameters = parameters.Length == 0 ? null : parameters,
            Count = count,
            TotalDuration = TimeSpan.FromMilliseconds(ms),
        };

    [Fact]
    public async Task Sqlite_OneCompositeServesCountAndHasVoted()
    {
        using var database = SqliteDatabase.Create(VotesSchema, Votes);
        var advice = await database.AdviseAsync(
            Statement("SELECT count(*) FROM votes WHERE list_item_id = @item", 200, 400, new QueryParameter("@item", 7)),
            Statement("SELECT 1 FROM votes WHERE user_id = @user AND list_item_id = @item LIMIT 1", 50, 100,
                new QueryParameter("@user", 3), new QueryParameter("@item", 7)));

        var recommendation = advice.Recommendations.ShouldHaveSingleItem();
        recommendation.Table.ShouldBe("votes");
        recommendation.Columns.ShouldBe(["list_item_id", "user_id"]);
        recommendation.Fingerprints.Count.ShouldBe(2);
        recommendation.Executions.ShouldBe(250);
        recommendation.Ddl.ShouldBe("CREATE INDEX ix_votes_list_item_id_user_id ON votes (list_item_id, user_id);");
        recommendation.EfCore.ShouldStartWith("entity.HasIndex(e => new { e.ListItemId, e.UserId })");
        recommendation.PlanBefore.ShouldContain("SCAN votes");
        recommendation.PlanAfter.ShouldContain("ix_votes_list_item_id_user_id");

        var finding = advice.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("missing-index");
        finding.Columns.ShouldBe(["list_item_id", "user_id"]);
        finding.Ddl.ShouldBe(recommendation.Ddl);
    }

    [Fact]
    public async Task Sqlite_OrderByLimit_IndexReturnsRowsInOrder()
    {
        using var database = SqliteDatabase.Create(
            "CREATE TABLE projects (id INTEGER PRIMARY KEY, status TEXT NOT NULL, updated_at TEXT NOT NULL);",
            connection => Fill(connection, "INSERT INTO projects (status, updated_at) VALUES (@a, @b)", 5000,
                i => [(i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture), $"2026-01-01T{i % 24:00}:{i % 60:00}:00"]));
        var advice = await database.AdviseAsync(
            Statement("SELECT id, status FROM projects WHERE status = @s ORDER BY updated_at DESC LIMIT 20", 100, 300, new QueryParameter("@s", "1")));

        var recommendation = advice.Recommendations.ShouldHaveSingleItem();
        recommendation.Columns.ShouldBe(["status", "updated_at"]);
        recommendation.PlanBefore.ShouldContain("TEMP B-TREE");
        recommendation.PlanAfter.ShouldNotContain("TEMP B-TREE");
    }

    [Fact]
    public async Task Sqlite_RangeAfterEquality()
    {
        using var database = SqliteDatabase.Create(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, calendar_id INTEGER NOT NULL, start_time TEXT NOT NULL, title TEXT);",
            connection => Fill(connection, "INSERT INTO events (calendar_id, start_time, title) VALUES (@a, @b, 'x')", 5000,
                i => [i % 200, $"2026-{1 + i % 12:00}-{1 + i % 28:00}"]));
        var advice = await database.AdviseAsync(
            Statement("SELECT * FROM events WHERE start_time >= @from AND start_time < @to AND calendar_id = @c", 40, 90,
                new QueryParameter("@from", "2026-03-01"), new QueryParameter("@to", "2026-04-01"), new QueryParameter("@c", 5)));

        advice.Recommendations.ShouldHaveSingleItem().Columns.ShouldBe(["calendar_id", "start_time"]);
    }

    [Fact]
    public async Task Sqlite_QueryServedByCompositePrefix_NoRecommendation()
    {
        using var database = SqliteDatabase.Create(VotesSchema + "CREATE INDEX ix_votes_item_user ON votes (list_item_id, user_id);", Votes);
        var advice = await database.AdviseAsync(
            Statement("SELECT count(*) FROM votes WHERE list_item_id = @item", 200, 400, new QueryParameter("@item", 7)));

        advice.Recommendations.ShouldBeEmpty();
        advice.Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Sqlite_ReservedWordNames_DdlIsQuotedAndRuns()
    {
        using var database = SqliteDatabase.Create(
            "CREATE TABLE \"group\" (id INTEGER PRIMARY KEY, \"user\" INTEGER NOT NULL);",
            connection => Fill(connection, "INSERT INTO \"group\" (\"user\") VALUES (@a)", 3000, i => [i % 500]));
        var advice = await database.AdviseAsync(
            Statement("SELECT id FROM \"group\" WHERE \"user\" = @u", 30, 60, new QueryParameter("@u", 7)));

        var recommendation = advice.Recommendations.ShouldHaveSingleItem();
        recommendation.Ddl.ShouldBe("CREATE INDEX ix_group_user ON \"group\" (\"user\");");
        using var connection = new SqliteConnection($"Data Source={database.Path};Pooling=False");
        connection.Open();
        Execute(connection, recommendation.Ddl);
    }

    [Fact]
    public async Task Sqlite_TinyTable_NoRecommendation()
    {
        using var database = SqliteDatabase.Create(
            "CREATE TABLE rooms (id INTEGER PRIMARY KEY, building TEXT NOT NULL);",
            connection => Fill(connection, "INSERT INTO rooms (building) VALUES (@a)", 12, i => [$"B{i % 3}"]));
        var advice = await database.AdviseAsync(Statement("SELECT * FROM rooms WHERE building = @b", 100, 10, new QueryParameter("@b", "B1")));

        advice.Recommendations.ShouldBeEmpty();
        advice.Notes.ShouldContain(n => n.Contains("rooms", StringComparison.Ordinal) && n.Contains("12 rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_HalfTrueBoolean_WithStatistics_NoRecommendation()
    {
        using var database = SqliteDatabase.Create(
            "CREATE TABLE tasks (id INTEGER PRIMARY KEY, done INTEGER NOT NULL, title TEXT NOT NULL);",
            connection =>
            {
                Fill(connection, "INSERT INTO tasks (done, title) VALUES (@a, 't')", 4000, i => [i % 2]);
                Execute(connection, "ANALYZE");
            });
        var advice = await database.AdviseAsync(Statement("SELECT * FROM tasks WHERE done = @d", 100, 300, new QueryParameter("@d", 0)));

        advice.Recommendations.ShouldBeEmpty();
        advice.Notes.ShouldContain(n => n.Contains("unselective", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_Budget_KeepsTheHeaviest()
    {
        using var database = SqliteDatabase.Create(
            VotesSchema + "CREATE TABLE events (id INTEGER PRIMARY KEY, calendar_id INTEGER NOT NULL, title TEXT);",
            connection =>
            {
                Votes(connection);
                Fill(connection, "INSERT INTO events (calendar_id, title) VALUES (@a, 'x')", 3000, i => [i % 300]);
            });
        var advice = await database.AdviseAsync(
            new IndexAdvisorOptions { MaxIndexes = 1 },
            Statement("SELECT * FROM events WHERE calendar_id = @c", 10, 20, new QueryParameter("@c", 1)),
            Statement("SELECT count(*) FROM votes WHERE list_item_id = @item", 200, 400, new QueryParameter("@item", 7)));

        advice.Recommendations.ShouldHaveSingleItem().Table.ShouldBe("votes");
        advice.Notes.ShouldContain(n => n.Contains("budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_DatabaseFileIsByteIdenticalAfterAdvice()
    {
        using var database = SqliteDatabase.Create(VotesSchema, connection =>
        {
            Votes(connection);
            Execute(connection, "ANALYZE");
        });
        var before = database.Hash();
        var advice = await database.AdviseAsync(
            Statement("SELECT count(*) FROM votes WHERE list_item_id = @item", 200, 400, new QueryParameter("@item", 7)));

        advice.Recommendations.ShouldNotBeEmpty();
        database.Hash().ShouldBe(before);
        File.Exists(database.Path + "-journal").ShouldBeFalse();
    }

    [Fact]
    public async Task Postgres_HypoPg_RecommendsTheCompositeAndLeavesNothingBehind()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("advisor");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await ExecuteAsync(connection, """
            CREATE EXTENSION hypopg;
            CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE list_items (id serial PRIMARY KEY, title text NOT NULL);
            CREATE TABLE votes (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users (id),
                                list_item_id int NOT NULL REFERENCES list_items (id), created_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO users (name) SELECT 'u' || g FROM generate_series(1, 2000) g;
            INSERT INTO list_items (title) SELECT 'i' || g FROM generate_series(1, 5000) g;
            INSERT INTO votes (user_id, list_item_id) SELECT 1 + g % 2000, 1 + (g * 7) % 5000 FROM generate_series(1, 100000) g;
            ANALYZE;
            """);
        var objectsBefore = await CountAsync(connection, "SELECT count(*) FROM pg_class");

        var advice = await new IndexAdvisor(connection, DatabaseProvider.PostgreSql).AdviseAsync(
        [
            Statement("SELECT count(*) FROM votes WHERE list_item_id = $1", 200, 400, new QueryParameter(null, 7)),
            Statement("SELECT 1 FROM votes WHERE user_id = $1 AND list_item_id = $2 LIMIT 1", 50, 100,
                new QueryParameter(null, 3), new QueryParameter(null, 7)),
        ], Ct);

        var recommendation = advice.Recommendations.ShouldHaveSingleItem();
        recommendation.Columns.ShouldBe(["list_item_id", "user_id"]);
        recommendation.Fingerprints.Count.ShouldBe(2);
        recommendation.PlanBefore.ShouldContain("Seq Scan");
        (await CountAsync(connection, "SELECT count(*) FROM hypopg_list_indexes")).ShouldBe(0);
        (await CountAsync(connection, "SELECT count(*) FROM pg_class")).ShouldBe(objectsBefore);
    }

    [Fact]
    public async Task Postgres_WithoutHypoPg_RefusesClearly()
    {
        var cluster = await PostgresCluster.GetAsync();
        await using var connection = new NpgsqlConnection(await cluster.CreateDatabaseAsync("advisor_nohypo"));
        await connection.OpenAsync(Ct);
        await ExecuteAsync(connection, """
            CREATE TABLE votes (id serial PRIMARY KEY, list_item_id int NOT NULL);
            INSERT INTO votes (list_item_id) SELECT g % 5000 FROM generate_series(1, 20000) g;
            ANALYZE;
            """);

        var error = await Should.ThrowAsync<NotSupportedException>(() => new IndexAdvisor(connection, DatabaseProvider.PostgreSql)
            .AdviseAsync([Statement("SELECT count(*) FROM votes WHERE list_item_id = $1", 10, 10, new QueryParameter(null, 7))], Ct));
        error.Message.ShouldContain("HypoPG");
    }

    private static void Votes(SqliteConnection connection)
    {
        Fill(connection, "INSERT INTO users (name) VALUES (@a)", 500, i => [$"u{i}"]);
        Fill(connection, "INSERT INTO list_items (title) VALUES (@a)", 2000, i => [$"i{i}"]);
        Fill(connection, "INSERT INTO votes (user_id, list_item_id, created_at) VALUES (@a, @b, '2026-01-01')", 20000,
            i => [1 + i % 500, 1 + (i * 7) % 2000]);
    }

    private static void Fill(SqliteConnection connection, string sql, int rows, Func<int, object[]> values)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var names = new[] { "@a", "@b", "@c" };
        var first = values(0);
        for (var p = 0; p < first.Length; p++)
        {
            command.Parameters.Add(new SqliteParameter(names[p], first[p]));
        }

        for (var i = 0; i < rows; i++)
        {
            var row = values(i);
            for (var p = 0; p < row.Length; p++)
            {
                command.Parameters[p].Value = row[p];
            }

            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class SqliteDatabase : IDisposable
    {
        private SqliteDatabase(string path) => Path = path;

        public string Path { get; }

        public static SqliteDatabase Create(string schema, Action<SqliteConnection> fill)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qd-advisor-" + Guid.NewGuid().ToString("N") + ".db");
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                Execute(connection, schema);
                fill(connection);
            }

            return new SqliteDatabase(path);
        }

        public Task<IndexAdvice> AdviseAsync(params WorkloadStatement[] workload) => AdviseAsync(new IndexAdvisorOptions(), workload);

        public async Task<IndexAdvice> AdviseAsync(IndexAdvisorOptions options, params WorkloadStatement[] workload)
        {
            await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
            return await new IndexAdvisor(connection, DatabaseProvider.Sqlite, options).AdviseAsync(workload, Ct);
        }

        public string Hash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path)));

        public void Dispose() => File.Delete(Path);
    }
}
