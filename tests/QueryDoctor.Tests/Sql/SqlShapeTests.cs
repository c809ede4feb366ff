using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

public sealed class SqlShapeTests
{
    private static SqlFingerprint Shape(string sql) => new SqlFingerprinter().Analyze(sql).Fingerprint;

    private static SqlColumn Col(string? table, string column) => new(table, column);

    [Theory]
    [InlineData("SELECT a FROM t", SqlStatementKind.Select)]
    [InlineData("(SELECT a FROM t) UNION (SELECT a FROM u)", SqlStatementKind.Select)]
    [InlineData("WITH x AS (SELECT a FROM t) SELECT a FROM x", SqlStatementKind.Select)]
    [InlineData("WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x) SELECT n FROM x", SqlStatementKind.Select)]
    [InlineData("WITH x AS (SELECT id FROM t) DELETE FROM t WHERE id IN (SELECT id FROM x)", SqlStatementKind.Delete)]
    [InlineData("INSERT INTO t (a) VALUES (1)", SqlStatementKind.Insert)]
    [InlineData("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = excluded.a", SqlStatementKind.Insert)]
    [InlineData("INSERT INTO t (a) VALUES (1) RETURNING id", SqlStatementKind.Insert)]
    [InlineData("REPLACE INTO t (a) VALUES (1)", SqlStatementKind.Insert)]
    [InlineData("INSERT OR REPLACE INTO t (a) VALUES (1)", SqlStatementKind.Insert)]
    [InlineData("UPDATE t SET a = 1", SqlStatementKind.Update)]
    [InlineData("DELETE FROM t", SqlStatementKind.Delete)]
    [InlineData("CREATE TABLE t (a int)", SqlStatementKind.Other)]
    [InlineData("PRAGMA foreign_keys = ON", SqlStatementKind.Other)]
    [InlineData("BEGIN", SqlStatementKind.Other)]
    [InlineData("", SqlStatementKind.Other)]
    [InlineData("DELETE FROM t; SELECT a FROM t", SqlStatementKind.Delete)]
    [InlineData("SET NOCOUNT ON; INSERT INTO [t] ([a]) OUTPUT INSERTED.[Id] VALUES (@p0);", SqlStatementKind.Insert)]
    public void Kind_Statement_IsRecognised(string sql, SqlStatementKind expected) => Assert.Equal(expected, Shape(sql).Kind);

    [Theory]
    [InlineData("SELECT \"p\".\"id\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0", "posts")]
    [InlineData("SELECT [u].[Id] FROM [dbo].[Users] AS [u]", "Users")]
    [InlineData("SELECT (SELECT count(*) FROM comments) AS n, p.id FROM posts p", "posts")]
    [InlineData("SELECT t.id FROM (SELECT b.id FROM blogs AS b LIMIT 5) AS t", "blogs")]
    [InlineData("WITH recent AS (SELECT id FROM posts) SELECT id FROM recent", "posts")]
    [InlineData("INSERT INTO \"votes\" (\"user_id\") VALUES (@p0)", "votes")]
    [InlineData("INSERT INTO archive SELECT * FROM posts", "archive")]
    [InlineData("UPDATE \"projects\" SET \"status\" = @p0 WHERE \"id\" = @p1", "projects")]
    [InlineData("UPDATE [b] SET [b].[Name] = @p FROM [Blogs] AS [b] WHERE [b].[Id] = 5", "Blogs")]
    [InlineData("DELETE FROM assets WHERE project_id = 42", "assets")]
    [InlineData("DELETE FROM [b] FROM [Blogs] AS [b] WHERE [b].[Id] = 5", "Blogs")]
    [InlineData("SELECT json_each.value FROM json_each(@p)", null)]
    [InlineData("SELECT 1", null)]
    [InlineData("CREATE TABLE t (a int)", null)]
    public void MainTable_Statement_IsFound(string sql, string? expected) => Assert.Equal(expected, Shape(sql).MainTable);

    [Fact]
    public void Tables_JoinsSubqueriesAndInsertSelect_InFirstAppearanceOrderWithoutDuplicates()
    {
        var shape = Shape(
            "INSERT INTO archive (id) SELECT p.id FROM posts p JOIN Blogs b ON b.id = p.blog_id "
            + "LEFT JOIN (SELECT post_id FROM comments) c ON c.post_id = p.id WHERE p.id IN (SELECT id FROM POSTS) AND b.x IN (SELECT x FROM tags, labels)");
        Assert.Equal(["archive", "posts", "Blogs", "comments", "tags", "labels"], shape.Tables);
    }

    [Fact]
    public void Tables_CommaJoinAndSchemas_AreAllListedWithoutSchema()
    {
        var shape = Shape("SELECT * FROM dbo.a AS x, [sales].[b] y, c WHERE x.id = y.id");
        Assert.Equal(["a", "b", "c"], shape.Tables);
    }

    [Fact]
    public void Tables_FunctionsWithFromKeyword_AreNotTables()
    {
        var shape = Shape("SELECT EXTRACT(YEAR FROM created), SUBSTRING(name FROM 2 FOR 3) FROM posts WHERE a IS DISTINCT FROM b");
        Assert.Equal(["posts"], shape.Tables);
    }

    [Fact]
    public void Tables_CommonTableExpressionNames_AreNotTables()
    {
        var shape = Shape("WITH recent AS (SELECT id FROM posts) SELECT r.id FROM recent r JOIN blogs b ON b.id = r.id");
        Assert.Equal(["posts", "blogs"], shape.Tables);
    }

    [Fact]
    public void Tables_UpsertAndLocking_AreNotMistakenForTables()
    {
        Assert.Equal(["t"], Shape("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = excluded.a").Tables);
        Assert.Equal(["t"], Shape("INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 2").Tables);
        Assert.Equal(["t"], Shape("SELECT a FROM t WHERE id = 1 FOR UPDATE").Tables);
    }

    [Fact]
    public void EqualityColumns_EfSqlite_ResolvesAlias()
    {
        var shape = Shape("SELECT \"p\".\"id\", \"p\".\"blog_id\", \"p\".\"title\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0");
        Assert.Equal([Col("posts", "blog_id")], shape.EqualityColumns);
        Assert.Empty(shape.RangeColumns);
    }

    [Fact]
    public void EqualityColumns_AllPredicateForms_AreFound()
    {
        var shape = Shape(
            "SELECT * FROM t WHERE a = 1 AND 'x' = b AND c IN (@c1, @c2) AND d = ANY($1) AND e = TRUE AND f == ? AND a = 2 AND g != 1 AND h <> 2 AND i NOT IN (1)");
        Assert.Equal([Col("t", "a"), Col("t", "b"), Col("t", "c"), Col("t", "d"), Col("t", "e"), Col("t", "f")], shape.EqualityColumns);
    }

    [Fact]
    public void EqualityColumns_JoinPredicatesAndOtherClauses_AreSkipped()
    {
        var shape = Shape(
            "SELECT CASE WHEN p.kind = 1 THEN 1 END FROM posts p JOIN blogs b ON b.id = p.blog_id AND b.flag = 1 WHERE p.blog_id = b.id AND b.owner_id = @o GROUP BY p.x HAVING p.y = 3");
        Assert.Equal([Col("blogs", "owner_id")], shape.EqualityColumns);
    }

    [Fact]
    public void EqualityColumns_NestedWhereAndUpdateDeleteWhere_AreFound()
    {
        Assert.Equal(
            [Col(null, "a"), Col(null, "post_id")],
            Shape("SELECT * FROM posts WHERE (a = 1 OR id IN (SELECT post_id FROM comments WHERE post_id = 5))").EqualityColumns);
        Assert.Equal([Col("projects", "id")], Shape("UPDATE \"projects\" SET \"status\" = @p0 WHERE \"id\" = @p1").EqualityColumns);
        Assert.Equal([Col("assets", "project_id")], Shape("DELETE FROM assets WHERE project_id = 42").EqualityColumns);
    }

    [Fact]
    public void Columns_UnqualifiedWithSeveralTables_HaveNoTable()
    {
        var shape = Shape("SELECT * FROM a JOIN b ON a.id = b.id WHERE x = 1 AND b.y = 2");
        Assert.Equal([Col(null, "x"), Col("b", "y")], shape.EqualityColumns);
    }

    [Fact]
    public void Columns_QualifiedByTableName_KeepTableName()
    {
        var shape = Shape("SELECT * FROM posts JOIN blogs AS b ON b.id = posts.blog_id WHERE posts.id = 1");
        Assert.Equal([Col("posts", "id")], shape.EqualityColumns);
    }

    [Fact]
    public void Columns_AliasWithoutAs_AndQuotedAlias_Resolve()
    {
        var shape = Shape("SELECT * FROM comments c JOIN \"Posts\" AS \"P\" ON \"P\".\"Id\" = c.post_id WHERE c.author = @a AND \"p\".\"Score\" > 3");
        Assert.Equal([Col("comments", "author")], shape.EqualityColumns);
        Assert.Equal([Col("Posts", "Score")], shape.RangeColumns);
    }

    [Fact]
    public void RangeColumns_AllForms_AreFound()
    {
        var shape = Shape("SELECT * FROM t WHERE a < 1 AND b >= @b AND 5 > c AND d BETWEEN 1 AND 9 AND e <= -3 AND a > 0 AND f < g");
        Assert.Equal([Col("t", "a"), Col("t", "b"), Col("t", "c"), Col("t", "d"), Col("t", "e")], shape.RangeColumns);
        Assert.Empty(shape.EqualityColumns);
    }

    [Fact]
    public void OrderBy_TopLevelTerms_WithDirection()
    {
        var shape = Shape(
            "SELECT * FROM posts p WHERE p.id IN (SELECT id FROM x ORDER BY z) ORDER BY p.created DESC NULLS LAST, title ASC, lower(p.name), 2, p.id LIMIT 10");
        Assert.Equal(
            [new SqlOrderColumn(Col("posts", "created"), true), new SqlOrderColumn(Col(null, "title"), false), new SqlOrderColumn(Col("posts", "id"), false)],
            shape.OrderBy);
    }

    [Fact]
    public void OrderBy_DerivedTableAlias_ResolvesToInnerTable()
    {
        var shape = Shape(
            "SELECT \"t\".\"id\", \"p\".\"id\" FROM (SELECT \"b\".\"id\" FROM \"blogs\" AS \"b\" LIMIT @__p_0) AS \"t\" LEFT JOIN \"posts\" AS \"p\" ON \"t\".\"id\" = \"p\".\"blog_id\" ORDER BY \"t\".\"id\"");
        Assert.Equal("blogs", shape.MainTable);
        Assert.Equal(["blogs", "posts"], shape.Tables);
        Assert.Equal([new SqlOrderColumn(Col("blogs", "id"), false)], shape.OrderBy);
        Assert.True(shape.HasRowLimit);
        Assert.False(shape.HasOffset);
    }

    [Fact]
    public void OrderBy_WindowFunctionOrder_IsIgnored()
    {
        var shape = Shape("SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) FROM t");
        Assert.Empty(shape.OrderBy);
    }

    [Theory]
    [InlineData("SELECT a FROM t LIMIT 10", true, false)]
    [InlineData("SELECT \"c\".\"id\" FROM \"comments\" AS \"c\" ORDER BY \"c\".\"id\" LIMIT @__p_0 OFFSET @__p_1", true, true)]
    [InlineData("SELECT TOP(1) a FROM t", true, false)]
    [InlineData("SELECT TOP 5 a FROM t", true, false)]
    [InlineData("SELECT a FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 20 ROWS ONLY", true, true)]
    [InlineData("SELECT a FROM t ORDER BY a OFFSET @p ROWS", false, true)]
    [InlineData("SELECT a FROM t FETCH FIRST 3 ROWS ONLY", true, false)]
    [InlineData("SELECT a FROM t LIMIT 10, 20", true, true)]
    [InlineData("SELECT a FROM t WHERE id IN (SELECT id FROM u LIMIT 1)", true, false)]
    [InlineData("SELECT \"limit\", t.offset, \"top\" FROM t", false, false)]
    [InlineData("SELECT a FROM t", false, false)]
    public void Limits_Statement_AreDetected(string sql, bool rowLimit, bool offset)
    {
        var shape = Shape(sql);
        Assert.Equal(rowLimit, shape.HasRowLimit);
        Assert.Equal(offset, shape.HasOffset);
    }

    [Theory]
    [InlineData("SELECT c.id FROM comments c WHERE c.id > @last ORDER BY c.id LIMIT 100", true)]
    [InlineData("SELECT c.id FROM comments c WHERE c.post_id = @p ORDER BY c.id LIMIT 1", false)]
    [InlineData("SELECT \"c\".\"id\" FROM \"comments\" AS \"c\" ORDER BY \"c\".\"id\" LIMIT @__p_0 OFFSET @__p_1", true)]
    [InlineData("SELECT id FROM comments WHERE id < @before ORDER BY id DESC LIMIT 50", true)]
    [InlineData("SELECT id FROM comments WHERE id > @after ORDER BY id", false)]
    [InlineData("SELECT \"p\".\"id\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0", false)]
    public void IsPagination_Statement_IsDetected(string sql, bool expected) => Assert.Equal(expected, Shape(sql).IsPagination);

    [Fact]
    public void InsertColumns_EfInsert_AreListedUnquotedInOriginalCase()
    {
        var shape = Shape("INSERT INTO \"votes\" (\"user_id\", \"List_Item_Id\") VALUES (@p0, @p1) RETURNING \"id\";");
        Assert.Equal(SqlStatementKind.Insert, shape.Kind);
        Assert.Equal(["user_id", "List_Item_Id"], shape.InsertColumns);
        Assert.True(shape.IsWrite);
    }

    [Fact]
    public void InsertColumns_SqlServerBatch_AreListed()
    {
        var shape = Shape("SET IMPLICIT_TRANSACTIONS OFF; SET NOCOUNT ON; INSERT INTO [dbo].[Blogs] ([Name], [Url]) OUTPUT INSERTED.[Id] VALUES (@p0, @p1);");
        Assert.Equal("Blogs", shape.MainTable);
        Assert.Equal(["Name", "Url"], shape.InsertColumns);
    }

    [Fact]
    public void InsertColumns_OtherStatements_AreEmpty()
    {
        Assert.Empty(Shape("SELECT a FROM t").InsertColumns);
        Assert.Empty(Shape("INSERT INTO t SELECT * FROM u").InsertColumns);
        Assert.Empty(Shape("UPDATE t SET a = 1").InsertColumns);
    }

    [Fact]
    public void SqlServerAndPostgresAndMySql_SameQuery_HaveSameShape()
    {
        string[] dialects =
        [
            "SELECT [u].[Id] FROM [Users] AS [u] WHERE [u].[Email] = @__email_0",
            "SELECT u.\"Id\" FROM \"Users\" AS u WHERE u.\"Email\" = $1",
            "SELECT `u`.`Id` FROM `Users` AS `u` WHERE `u`.`Email` = @p0",
        ];
        foreach (var sql in dialects)
        {
            var shape = Shape(sql);
            Assert.Equal("Users", shape.MainTable);
            Assert.Equal([Col("Users", "Email")], shape.EqualityColumns);
            Assert.Equal("select u.id from users as u where u.email = ?", shape.Text);
        }
    }

    [Fact]
    public void Statement_ParameterAndLiteralCounts_AreReported()
    {
        var fingerprinter = new SqlFingerprinter();
        var statement = fingerprinter.Analyze("SELECT * FROM t WHERE a = @a AND b = :b AND c = $1 AND d = ? AND e = 'x' AND f IN (1, 2.5, -3) AND g = X'ff' AND h::text = $$y$$");
        Assert.Equal(4, statement.ParameterCount);
        Assert.Equal(6, statement.LiteralCount);
        Assert.NotEqual(0UL, statement.LiteralsHash);
    }

    [Fact]
    public void LiteralsHash_DifferentValues_DifferButShapeIsShared()
    {
        var fingerprinter = new SqlFingerprinter();
        var five = fingerprinter.Analyze("SELECT * FROM t WHERE id = 5");
        var six = fingerprinter.Analyze("SELECT * FROM t WHERE id = 6");
        var fiveAgain = new SqlFingerprinter().Analyze("SELECT  *  FROM t WHERE id = 5");
        Assert.Same(five.Fingerprint, six.Fingerprint);
        Assert.NotEqual(five.LiteralsHash, six.LiteralsHash);
        Assert.Equal(five.LiteralsHash, fiveAgain.LiteralsHash);
    }

    [Fact]
    public void LiteralsHash_ValuesAreSeparated_SoSplitsDiffer()
    {
        var fingerprinter = new SqlFingerprinter();
        Assert.NotEqual(
            fingerprinter.Analyze("SELECT 'ab', 'c'").LiteralsHash,
            fingerprinter.Analyze("SELECT 'a', 'bc'").LiteralsHash);
    }

    [Fact]
    public void LiteralsHash_NoLiterals_IsZero()
    {
        var statement = new SqlFingerprinter().Analyze("SELECT * FROM t WHERE id = @id");
        Assert.Equal(0, statement.LiteralCount);
        Assert.Equal(0UL, statement.LiteralsHash);
        Assert.Equal(1, statement.ParameterCount);
    }
}
