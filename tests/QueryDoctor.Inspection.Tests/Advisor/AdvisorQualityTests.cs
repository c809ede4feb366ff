using QueryDoctor.Advisor;
using QueryDoctor.Inspection.Tests.Databases;
using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Advisor;

/// <summary>
/// The advisor on the statement shapes a real EF Core app sends (5,000 articles): a feed's ORDER BY … LIMIT
/// without WHERE (alone and inside EF's Include subquery), equality then ORDER BY column, EXISTS and COUNT
/// lookups, one consolidated set for all of them, on SQLite and PostgreSQL alike.
/// </summary>
public abstract class AdvisorQualityTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    internal const string Feed = """SELECT a."Id", a."Title", a."CreatedAt" FROM "Articles" AS a ORDER BY a."CreatedAt" DESC LIMIT @p""";
    internal const string FeedWithAuthors = """
        SELECT a0."Id", a0."Title", u."Name"
        FROM (SELECT a."Id", a."Title", a."AuthorId", a."CreatedAt" FROM "Articles" AS a ORDER BY a."CreatedAt" DESC LIMIT @p) AS a0
        INNER JOIN "Users" AS u ON a0."AuthorId" = u."Id"
        ORDER BY a0."CreatedAt" DESC
        """;
    internal const string FeedWithFavorites = """
        SELECT a0."Id", a0."Title", f."Id", f."UserId"
        FROM (SELECT a."Id", a."Title", a."CreatedAt" FROM "Articles" AS a ORDER BY a."CreatedAt" DESC LIMIT @p) AS a0
        LEFT JOIN "Favorites" AS f ON a0."Id" = f."ArticleId"
        ORDER BY a0."CreatedAt" DESC, a0."Id", f."Id"
        """;
    internal const string AuthorFeed = """SELECT a."Id", a."Title" FROM "Articles" AS a WHERE a."AuthorId" = @author ORDER BY a."CreatedAt" DESC LIMIT @p""";
    internal const string HasFavorited = """SELECT EXISTS (SELECT 1 FROM "Favorites" AS f WHERE f."ArticleId" = @article AND f."UserId" = @user)""";
    internal const string CountFavorites = """SELECT COUNT(*) FROM "Favorites" AS f WHERE f."ArticleId" = @article""";

    private readonly TDatabase _database = new();

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        if (_database.Provider == DatabaseProvider.PostgreSql)
        {
            await _database.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS hypopg");
        }

        await _database.ExecuteAsync($"""
            CREATE TABLE "Users" ("Id" INTEGER PRIMARY KEY, "Name" TEXT NOT NULL);
            CREATE TABLE "Articles" ("Id" INTEGER PRIMARY KEY, "AuthorId" INTEGER NOT NULL REFERENCES "Users" ("Id"), "Title" TEXT NOT NULL, "CreatedAt" INTEGER NOT NULL);
            CREATE TABLE "Favorites" ("Id" INTEGER PRIMARY KEY, "ArticleId" INTEGER NOT NULL REFERENCES "Articles" ("Id"), "UserId" INTEGER NOT NULL REFERENCES "Users" ("Id"));
            INSERT INTO "Users" ("Id", "Name") SELECT i, 'user' || i FROM ({_database.Series(500)}) AS s;
            INSERT INTO "Articles" ("Id", "AuthorId", "Title", "CreatedAt") SELECT i, 1 + i % 500, 'title ' || i, (i * 7919) % 5000 FROM ({_database.Series(5000)}) AS s;
            INSERT INTO "Favorites" ("Id", "ArticleId", "UserId") SELECT i, 1 + (i * 7) % 5000, 1 + i % 500 FROM ({_database.Series(20000)}) AS s;
            """);
        await _database.AnalyzeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static WorkloadStatement Statement(string sql, int count, double ms, params QueryParameter[] parameters) =>
        new() { Fingerprint = SqlFingerprint.Of(sql), Sql = sql, Parameters = parameters, Count = count, TotalDuration = TimeSpan.FromMilliseconds(ms) };

    private async Task<IndexAdvice> AdviseAsync(params WorkloadStatement[] workload)
    {
        await using var connection = await _database.OpenWritableAsync();
        return await new IndexAdvisor(connection, _database.Provider).AdviseAsync(workload, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AdviseAsync_FeedOrderByLimitWithoutWhere_RecommendsTheOrderColumn()
    {
        var advice = await AdviseAsync(Statement(Feed, 300, 900, new QueryParameter("@p", 20)));

        var index = advice.Recommendations.ShouldHaveSingleItem();
        index.Table.ShouldBe("Articles");
        index.Columns.ShouldBe(["CreatedAt"]);
        index.Fingerprints.ShouldBe([SqlFingerprint.Of(Feed).Id]);
    }

    [Fact]
    public async Task AdviseAsync_FeedInsideIncludeSubquery_RecommendsTheOrderColumn()
    {
        var advice = await AdviseAsync(Statement(FeedWithAuthors, 300, 900, new QueryParameter("@p", 20)));

        var index = advice.Recommendations.ShouldHaveSingleItem();
        index.Table.ShouldBe("Articles");
        index.Columns.ShouldBe(["CreatedAt"]);
    }

    [Fact]
    public async Task AdviseAsync_FeedWithCollectionInclude_OrdersByTheFeedColumn()
    {
        // EF appends the keys of both tables to the outer ORDER BY of a collection Include: the feed's own leading
        // column still decides the index of the paged subquery.
        var advice = await AdviseAsync(Statement(FeedWithFavorites, 300, 900, new QueryParameter("@p", 20)));

        advice.Recommendations.Select(r => r.Table + "(" + string.Join(", ", r.Columns) + ")")
            .ShouldBe(["Articles(CreatedAt)"], string.Join(" | ", advice.Notes));
    }

    [Fact]
    public async Task AdviseAsync_EqualityThenOrderByLimit_EqualityColumnFirst()
    {
        var advice = await AdviseAsync(Statement(AuthorFeed, 200, 600, new QueryParameter("@author", 7), new QueryParameter("@p", 20)));

        advice.Recommendations.ShouldHaveSingleItem().Columns.ShouldBe(["AuthorId", "CreatedAt"]);
    }

    [Fact]
    public async Task AdviseAsync_ExistsAndCountLookups_OneCompositeServesBoth()
    {
        var advice = await AdviseAsync(
            Statement(HasFavorited, 500, 700, new QueryParameter("@article", 11), new QueryParameter("@user", 3)),
            Statement(CountFavorites, 500, 600, new QueryParameter("@article", 11)));

        var index = advice.Recommendations.ShouldHaveSingleItem();
        index.Table.ShouldBe("Favorites");
        index.Columns.ShouldBe(["ArticleId", "UserId"]);
        index.Fingerprints.Count.ShouldBe(2);
    }

    [Fact]
    public async Task AdviseAsync_WholeWorkload_FewerIndexesThanStatementsServingEveryOne()
    {
        WorkloadStatement[] workload =
        [
            Statement(Feed, 300, 900, new QueryParameter("@p", 20)),
            Statement(FeedWithAuthors, 250, 800, new QueryParameter("@p", 20)),
            Statement(AuthorFeed, 200, 600, new QueryParameter("@author", 7), new QueryParameter("@p", 20)),
            Statement(HasFavorited, 500, 700, new QueryParameter("@article", 11), new QueryParameter("@user", 3)),
            Statement(CountFavorites, 500, 600, new QueryParameter("@article", 11)),
        ];

        var advice = await AdviseAsync(workload);

        advice.Recommendations.Select(r => r.Table + "(" + string.Join(", ", r.Columns) + ")").Order(StringComparer.Ordinal)
            .ShouldBe(["Articles(AuthorId, CreatedAt)", "Articles(CreatedAt)", "Favorites(ArticleId, UserId)"]);
        advice.Recommendations.SelectMany(r => r.Fingerprints).Distinct().Count().ShouldBe(workload.Length);
    }
}

public sealed class SqliteAdvisorQualityTests : AdvisorQualityTests<SqliteTestDatabase>;

public sealed class PostgresAdvisorQualityTests : AdvisorQualityTests<PostgresTestDatabase>;
