using QueryDoctor.Analysis;
using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Advisor;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Inspection.Tests.Databases;
using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Workload;

/// <summary>
/// An EF Core <c>SaveChanges</c> batch on PostgreSQL is one command of several statements, and EF sends a list's
/// <c>Contains</c> as <c>= ANY (@ids)</c>: both are explained, never refused ("only one statement can be explained",
/// "invalid input syntax for type bigint: "{1}"").
/// </summary>
public sealed class PostgresBatchAndArrayTests : IAsyncLifetime
{
    private const string Batch = """
        INSERT INTO posts (blog_id, title) VALUES (@p0, @p1) RETURNING id;
        UPDATE posts SET title = @p2 WHERE blog_id = @p3;
        SELECT id FROM posts WHERE title = @p4;
        """;

    private readonly PostgresTestDatabase _database = new();

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.ExecuteAsync("""
            CREATE EXTENSION IF NOT EXISTS hypopg;
            CREATE TABLE posts (id bigserial PRIMARY KEY, blog_id bigint NOT NULL, title text NOT NULL);
            INSERT INTO posts (blog_id, title) SELECT g % 300, 'title ' || g FROM generate_series(1, 6000) g;
            ANALYZE posts;
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AddToAsync_SaveChangesBatch_ExplainsEachStatementAndFindsTheScan()
    {
        var recorder = new WorkloadRecorder();
        recorder.Add("POST /posts", new QueryEvent { Sql = Batch, Db = "postgresql" });
        var failures = new List<string>();
        await using var connection = await _database.OpenForInspectionAsync();

        var report = await DatabaseAnalysis.AddToAsync(
            EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer()),
            DatabaseInspector.For(connection, DatabaseProvider.PostgreSql),
            null,
            (what, e) => failures.Add(what + ": " + e.Message),
            TestContext.Current.CancellationToken);

        failures.ShouldBeEmpty();
        var scan = report.Findings.Where(f => f.Rule == RuleIds.FullScan).ShouldHaveSingleItem();
        scan.Columns.ShouldBe(["title"]);
    }

    [Fact]
    public async Task AdviseAsync_SaveChangesBatch_AdvisesForItsStatementsInsteadOfFailing()
    {
        await using var connection = await _database.OpenWritableAsync();

        var advice = await new IndexAdvisor(connection, DatabaseProvider.PostgreSql).AdviseAsync(
            [new WorkloadStatement { Fingerprint = SqlFingerprint.Of(Batch), Sql = Batch, Count = 40, TotalDuration = TimeSpan.FromMilliseconds(400) }],
            TestContext.Current.CancellationToken);

        advice.StatementsExplained.ShouldBe(2); // the UPDATE and the SELECT; the INSERT has no read to index
        advice.Recommendations.Select(r => string.Join(",", r.Columns)).ShouldBe(["blog_id", "title"], ignoreOrder: true);
    }

    [Fact]
    public async Task ExplainAsync_ArrayParameterWithUnknownValues_BindsAnArrayAndScalarsApart()
    {
        var plan = await _database.ExplainAsync("SELECT * FROM posts WHERE id = ANY (@ids) AND blog_id = @blog");

        plan.Accesses.ShouldHaveSingleItem().Table.ShouldBe("posts");
    }

    [Fact]
    public async Task ExplainAsync_ArrayParameterWithKnownValues_BindsTheWholeArray()
    {
        var plan = await _database.ExplainAsync("SELECT * FROM posts WHERE id = ANY (@ids) AND blog_id = @blog",
            new QueryParameter("@ids", new long[] { 1, 2, 3 }), new QueryParameter("@blog", 7));

        plan.Text.ShouldContain("{1,2,3}");
    }
}
