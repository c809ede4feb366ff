using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Inspection.Tests.Databases;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Workload;

/// <summary>The plan-based <c>full-scan</c> rule and the schema's verdict on <c>check-then-insert</c>, on real databases.</summary>
public abstract class DatabaseAnalysisTests<TDatabase>(PlanDatabaseFixture<TDatabase> fixture) : IClassFixture<PlanDatabaseFixture<TDatabase>>
    where TDatabase : TestDatabase, new()
{
    private TDatabase Database => fixture.Database;

    private static AnalysisReport Workload(params (string Scope, string Sql)[] statements)
    {
        var recorder = new WorkloadRecorder();
        foreach (var (scope, sql) in statements)
        {
            recorder.Add(scope, new QueryEvent { Sql = sql, CallSite = CallSite.FromText("App.cs:" + sql.Length) });
        }

        return EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer());
    }

    private async Task<AnalysisReport> WithDatabaseAsync(AnalysisReport workload, SchemaCheckOptions? options = null, List<string>? failures = null)
    {
        await using var connection = await Database.OpenForInspectionAsync();
        return await DatabaseAnalysis.AddToAsync(
            workload,
            DatabaseInspector.For(connection, Database.Provider),
            options,
            (name, _) => failures?.Add(name),
            TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FullScan_FilterOnUnindexedColumnOfLargeTable_FiresOncePerShapeWithTheFix()
    {
        var report = await WithDatabaseAsync(Workload(
            ("GET /orders/search", "SELECT * FROM orders WHERE note = @note"),
            ("GET /orders/search", "SELECT * FROM orders WHERE note = @note"),
            ("GET /orders/other", "SELECT * FROM orders WHERE note = @note")));

        var finding = report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldHaveSingleItem();
        finding.Table.ShouldBe("orders");
        finding.Columns.ShouldBe(["note"]);
        finding.Rows.ShouldBe(PlanDatabaseFixture<TDatabase>.Orders);
        finding.Count.ShouldBe(3);
        finding.Scope.ShouldBe("GET /orders/search");
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Ddl.ShouldBe("CREATE INDEX ix_orders_note ON orders (note);");
        finding.Suggestion.ShouldNotBeNull().ShouldContain("modelBuilder.Entity<Order>().HasIndex(e => e.Note)");
        finding.Fingerprint.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task FullScan_KnownParameterValues_AreNotShownInTheFinding()
    {
        var recorder = new WorkloadRecorder();
        recorder.Add("scope", new QueryEvent
        {
            Sql = "SELECT * FROM orders WHERE note = @note",
            Parameters = [new QueryParameter("@note", "secret-token-123")],
        });

        var report = await WithDatabaseAsync(EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer()));

        var finding = report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldHaveSingleItem();
        finding.Message.ShouldNotContain("secret-token-123");
        finding.Message.ShouldContain(Database.Provider == DatabaseProvider.Sqlite ? "(SCAN orders)" : "(Seq Scan on orders)");
        (finding.Suggestion + finding.Sql + finding.Ddl).ShouldNotContain("secret-token-123");
    }

    [Theory]
    [InlineData("SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.note = @note")]
    [InlineData("SELECT \"o\".\"id\", \"c\".\"name\" FROM \"orders\" AS \"o\" INNER JOIN \"customers\" AS \"c\" ON \"o\".\"customer_id\" = \"c\".\"id\" WHERE \"o\".\"note\" = @__note_0")]
    [InlineData("SELECT \"o\".\"id\" FROM \"orders\" AS \"o\" WHERE \"o\".\"note\" = @__note_0 AND \"o\".\"created\" > @__since_1")]
    public async Task FullScan_AliasedAndEfCoreStyleSql_NamesTheTableAndColumn(string sql)
    {
        var report = await WithDatabaseAsync(Workload(("job", sql)));

        var finding = report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldHaveSingleItem();
        finding.Table.ShouldBe("orders");
        finding.Columns.ShouldNotBeNull()[0].ShouldBe("note");
    }

    [Theory]
    [InlineData("SELECT * FROM orders WHERE customer_id = @customer")] // served by an index
    [InlineData("SELECT * FROM orders WHERE id = @id")] // primary key
    [InlineData("SELECT * FROM customers WHERE name = @name")] // scan, but of 500 rows
    [InlineData("SELECT * FROM orders ORDER BY id LIMIT 10")] // no filter: reading in order is what was asked
    [InlineData("SELECT count(*) FROM orders")] // no filter
    public async Task FullScan_IndexedSmallOrUnfilteredReads_AreSilent(string sql)
    {
        var report = await WithDatabaseAsync(Workload(("scope", sql)));

        report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldBeEmpty();
    }

    [Fact]
    public async Task FullScan_ThresholdAboveTheTableSize_IsSilent()
    {
        var options = new SchemaCheckOptions { FullScanRowThreshold = PlanDatabaseFixture<TDatabase>.Orders + 1 };

        var report = await WithDatabaseAsync(Workload(("scope", "SELECT * FROM orders WHERE note = @note")), options);

        report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldBeEmpty();
    }

    [Fact]
    public async Task FullScan_StatementTheDatabaseCannotPlan_IsSkippedAndReported()
    {
        var failures = new List<string>();

        var report = await WithDatabaseAsync(
            Workload(("scope", "SELECT * FROM no_such_table WHERE x = @x"), ("scope", "SELECT * FROM orders WHERE note = @note")),
            failures: failures);

        failures.ShouldHaveSingleItem().ShouldContain("no_such_table");
        report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldHaveSingleItem().Table.ShouldBe("orders");
    }

    [Fact]
    public async Task FullScan_EventsOfAnotherDatabaseEngine_AreNotExplained()
    {
        var recorder = new WorkloadRecorder();
        recorder.Add("scope", new QueryEvent { Sql = "SELECT * FROM orders WHERE note = @note", Db = "sqlserver" });
        var workload = EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer());

        var report = await WithDatabaseAsync(workload);

        report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldBeEmpty();
    }

    [Fact]
    public async Task CheckThenInsert_UniqueIndexOnSubsetOfCheckedColumns_IsSilentWhileAnUnprotectedTableStillFires()
    {
        var workload = Workload(
            ("POST /teams/1/members", "SELECT id FROM memberships WHERE team_id = @team AND user_id = @user AND role = @role"),
            ("POST /teams/1/members", "INSERT INTO memberships (team_id, user_id, role) VALUES (@team, @user, @role)"),
            ("POST /posts/1/likes", "SELECT id FROM likes WHERE post_id = @post AND user_id = @user"),
            ("POST /posts/1/likes", "INSERT INTO likes (post_id, user_id) VALUES (@post, @user)"));
        workload.Findings.Where(f => f.Rule == RuleIds.CheckThenInsert).Select(f => f.Table).Order().ShouldBe(["likes", "memberships"]);

        var report = await WithDatabaseAsync(workload);

        var kept = report.Findings.Where(f => f.Rule == RuleIds.CheckThenInsert).ShouldHaveSingleItem();
        kept.Table.ShouldBe("likes");
        kept.Message.ShouldEndWith("(confirmed: likes has no unique index or key on a subset of these columns)");
    }

    [Fact]
    public async Task CheckThenInsert_UniqueIndexWiderThanTheCheck_StillFires()
    {
        // Checking team_id alone, then inserting: a unique (team_id, user_id) does not stop two rows per team.
        var workload = Workload(
            ("POST /teams", "SELECT id FROM memberships WHERE team_id = @team"),
            ("POST /teams", "INSERT INTO memberships (team_id, user_id) VALUES (@team, @user)"));

        var report = await WithDatabaseAsync(workload);

        report.Findings.Where(f => f.Rule == RuleIds.CheckThenInsert).ShouldHaveSingleItem().Columns.ShouldBe(["team_id"]);
    }

    [Fact]
    public async Task AddTo_Workload_AppendsTheSchemaFindings()
    {
        var report = await WithDatabaseAsync(Workload(("scope", "SELECT 1")));

        // orders.customer_id leads ix_orders_customer_status; event_log has no primary key.
        report.Findings.Where(f => f.Rule == RuleIds.UnindexedForeignKey).ShouldBeEmpty();
        report.Findings.Where(f => f.Rule == RuleIds.MissingPrimaryKey).ShouldHaveSingleItem().Table.ShouldBe("event_log");
        report.Scopes.ShouldHaveSingleItem().Name.ShouldBe("scope");
        var doctor = await DoctorAsync();
        doctor.Findings.ShouldNotBeEmpty();
        doctor.Scopes.ShouldBeEmpty();
        report.Findings.Where(f => f.Scope is null).Select(f => f.Message).ShouldBe(doctor.Findings.Select(f => f.Message));
    }

    private async Task<AnalysisReport> DoctorAsync()
    {
        await using var connection = await Database.OpenForInspectionAsync();
        return await DatabaseAnalysis.DoctorAsync(DatabaseInspector.For(connection, Database.Provider), cancellationToken: TestContext.Current.CancellationToken);
    }
}

public sealed class SqliteDatabaseAnalysisTests(PlanDatabaseFixture<SqliteTestDatabase> fixture)
    : DatabaseAnalysisTests<SqliteTestDatabase>(fixture);

public sealed class PostgresDatabaseAnalysisTests(PlanDatabaseFixture<PostgresTestDatabase> fixture)
    : DatabaseAnalysisTests<PostgresTestDatabase>(fixture);

/// <summary>PostgreSQL declarative partitioning: plans read partitions, findings name the partitioned table.</summary>
public sealed class PostgresPartitionTests
{
    [Fact]
    public async Task FullScan_FilterOnPartitionedTable_NamesThePartitionedTableOnce()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync($"""
            CREATE TABLE events (id INTEGER NOT NULL, at INTEGER NOT NULL, note TEXT, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (2500);
            CREATE TABLE events_high PARTITION OF events FOR VALUES FROM (2500) TO (10000);
            INSERT INTO events (id, at, note) SELECT i, i, 'n' || i FROM ({database.Series(5000)}) q;
            """);
        await database.AnalyzeAsync();

        var schema = await database.ReadSchemaAsync();
        schema.Tables.Select(t => t.Name).ShouldBe(["events"]);

        var plan = await database.ExplainAsync("SELECT * FROM events WHERE note = @note", new QueryParameter("note", "n7"));
        plan.Accesses.Count.ShouldBe(2);
        plan.Accesses.ShouldAllBe(a => a.Table == "events" && a.Kind == TableAccessKind.Scan);

        var recorder = new WorkloadRecorder();
        recorder.Add("scope", new QueryEvent { Sql = "SELECT * FROM events WHERE note = @note" });
        await using var connection = await database.OpenForInspectionAsync();
        var report = await DatabaseAnalysis.AddToAsync(
            EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer()),
            DatabaseInspector.For(connection, DatabaseProvider.PostgreSql),
            cancellationToken: TestContext.Current.CancellationToken);

        var finding = report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldHaveSingleItem();
        finding.Table.ShouldBe("events");
        finding.Rows.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1000);
    }
}
