using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

public sealed class SqlFingerprintTests
{
    public static TheoryData<string, string, string> NormalisedTexts => new()
    {
        { "EfSqlite", "SELECT \"p\".\"id\", \"p\".\"blog_id\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0", "select p.id, p.blog_id from posts as p where p.blog_id = ?" },
        { "SqlServerBrackets", "SELECT [u].[Id] FROM [dbo].[Users] AS [u] WHERE [u].[Email] = @__email_0", "select u.id from dbo.users as u where u.email = ?" },
        { "MySqlBackticks", "SELECT `u`.`Id` FROM `Users` AS `u` WHERE `u`.`Email` = ?", "select u.id from users as u where u.email = ?" },
        { "EscapedQuote", "SELECT * FROM t WHERE name = 'O''Brien'", "select * from t where name = ?" },
        { "BackslashEscapeString", "SELECT * FROM t WHERE name = E'it\\'s'", "select * from t where name = ?" },
        { "NationalString", "SELECT * FROM t WHERE name = N'abc'", "select * from t where name = ?" },
        { "BlobAndBitLiterals", "SELECT X'ff', B'0101' FROM t", "select ?, ? from t" },
        { "DollarQuoted", "SELECT $$a 'quoted' $ b$$ FROM t", "select ? from t" },
        { "TaggedDollarQuoted", "SELECT $fn$ body $$ inner $$ $fn$, 1 FROM t", "select ?, ? from t" },
        { "Numbers", "SELECT 1, 1.5, .5, 1e-3, 2E+10, 0x1F FROM t", "select ?, ?, ?, ?, ?, ? from t" },
        { "NegativeAfterOperator", "SELECT * FROM t WHERE a = -5 AND b > -1.5", "select * from t where a = ? and b > ?" },
        { "NegativeAfterParenAndComma", "SELECT * FROM t WHERE a IN (-1, -2)", "select * from t where a in (...)" },
        { "NegativeAfterKeyword", "SELECT -1 FROM t", "select ? from t" },
        { "BinaryMinusStays", "SELECT a -1 FROM t", "select a - ? from t" },
        { "PostgresCastIsNotParameter", "SELECT a::int, @p::text FROM t WHERE b = :name", "select a::int, ?::text from t where b = ?" },
        { "ParameterStyles", "SELECT * FROM t WHERE a = @p0 AND b = :b AND c = $1 AND d = ? AND e = ?2 AND f = $name", "select * from t where a = ? and b = ? and c = ? and d = ? and e = ? and f = ?" },
        { "InWithOneItem", "SELECT * FROM t WHERE id IN (@p)", "select * from t where id in (...)" },
        { "InWithManyItems", "SELECT * FROM t WHERE id IN (1, 2, 3, 4)", "select * from t where id in (...)" },
        { "RowValueIn", "SELECT * FROM t WHERE (a, b) IN ((1, 1), (2, @p1), ('x', -3))", "select * from t where (a, b) in (...)" },
        { "RowValueInOneRow", "SELECT * FROM t WHERE (a, b) IN ((1, 2))", "select * from t where (a, b) in (...)" },
        { "RowValueInWithColumnKept", "SELECT * FROM t WHERE (a, b) IN ((1, c), (2, 3))", "select * from t where (a, b) in ((?, c), (?, ?))" },
        { "AnyArrayNumbers", "SELECT * FROM t WHERE id = ANY(ARRAY[1, 2, 3])", "select * from t where id = any (array[...])" },
        { "AnyArrayStringsAndParameters", "SELECT * FROM t WHERE name = any(array['a', @p1, $2])", "select * from t where name = any (array[...])" },
        { "ArrayWithColumnKept", "SELECT ARRAY[a, 1] FROM t", "select array[a, ?] from t" },
        { "AnyArrayLiteralString", "SELECT * FROM t WHERE id = ANY('{1,2,3}'::int[])", "select * from t where id = any (?::int[])" },
        { "ArraySubscript", "SELECT tags[1], m[2][3] FROM t", "select tags[?], m[?][?] from t" },
        { "InWithSubqueryKept", "SELECT * FROM t WHERE id IN (SELECT t_id FROM u)", "select * from t where id in (select t_id from u)" },
        { "InWithColumnKept", "SELECT * FROM t WHERE 1 IN (a, b)", "select * from t where ? in (a, b)" },
        { "ValuesRowsCollapse", "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (@p4, @p5)", "insert into t (a, b) values (?, ?)" },
        { "LineComment", "SELECT a -- the a\nFROM t", "select a from t" },
        { "TagWithCallSite", "-- File: /src/App/Posts.cs:42\n-- load posts\nSELECT a FROM t", "select a from t" },
        { "NestedBlockComment", "SELECT /* outer /* inner */ still outer */ a FROM t", "select a from t" },
        { "Whitespace", "  SELECT\n\ta ,b\r\n FROM   t  ( x )  ", "select a, b from t (x)" },
        { "TrailingSemicolonDropped", "SELECT a FROM t;;", "select a from t" },
        { "MultipleStatementsKept", "INSERT INTO t (a) VALUES (1); SELECT changes();", "insert into t (a) values (?); select changes ()" },
        { "KeywordsStay", "SELECT * FROM t WHERE a IS NULL AND b = TRUE OR c = False", "select * from t where a is null and b = true or c = false" },
        { "UnterminatedString", "SELECT * FROM t WHERE a = 'oops", "select * from t where a = ?" },
        { "UnterminatedComment", "SELECT a FROM t /* never closed", "select a from t" },
        { "UnterminatedIdentifier", "SELECT \"a FROM t", "select a from t" },
        { "Empty", "", "" },
        { "OnlyComment", "-- nothing", "" },
        { "SqlServerTempTable", "SELECT * FROM #tmp", "select * from #tmp" },
        { "PostgresArraySubscript", "SELECT a[1] FROM t", "select a[?] from t" },
    };

    public static TheoryData<string, string, string> EqualPairs => new()
    {
        { "QuotingStyles", "SELECT [u].[Id] FROM [Users] AS [u] WHERE [u].[Email] = @__email_0", "SELECT u.\"Id\" FROM \"Users\" AS u WHERE u.\"Email\" = $1" },
        { "BackticksVsBare", "SELECT `u`.`Id` FROM `Users` AS `u` WHERE `u`.`Email` = ?", "select u.id from users as u where u.email = :email" },
        { "LiteralValues", "DELETE FROM assets WHERE project_id = 42", "DELETE FROM assets WHERE project_id = 43" },
        { "LiteralVsParameter", "SELECT * FROM t WHERE name = 'a' AND n = 1", "SELECT * FROM t WHERE name = @name AND n = @n" },
        { "InListLengths", "SELECT * FROM t WHERE id IN (@ids1)", "SELECT * FROM t WHERE id IN (@ids1, @ids2, @ids3, @ids4, @ids5)" },
        { "InListsMixed", "SELECT * FROM t WHERE id IN (1, 'a', @p)", "SELECT * FROM t WHERE id IN (?)" },
        { "ValuesBatch", "INSERT INTO \"votes\" (\"user_id\") VALUES (@p0) RETURNING \"id\";", "INSERT INTO votes (user_id) VALUES (@p0), (@p1), (@p2) RETURNING id" },
        { "Comments", "/* tag */ SELECT a FROM t -- trailing", "-- File: x.cs:1\nSELECT a FROM t" },
        { "KeywordCase", "select A from T where B = 1", "SELECT a FROM t WHERE b = 2" },
        { "Layout", "SELECT a,b FROM t WHERE(a=1)", "SELECT a , b\nFROM t\nWHERE ( a = 1 )" },
        { "NegativeNumber", "SELECT * FROM t WHERE a = -1", "SELECT * FROM t WHERE a = 1" },
        { "DollarVsPlainString", "SELECT * FROM t WHERE a = $$x$$", "SELECT * FROM t WHERE a = 'x'" },
        { "TopStyles", "SELECT TOP(1) a FROM t", "SELECT TOP (5) a FROM t" },
        { "RowValueListLengths", "SELECT * FROM t WHERE (a, b) IN ((1, 1))", "SELECT * FROM t WHERE (a, b) IN ((1, 1), (2, 2), (@p4, @p5))" },
        { "RowValueVsPlainList", "SELECT * FROM t WHERE (a, b) IN ((1, 1), (2, 2))", "SELECT * FROM t WHERE (a, b) IN (@ids)" },
        { "AnyArrayLengths", "SELECT * FROM t WHERE id = ANY(ARRAY[1])", "SELECT * FROM t WHERE id = ANY (ARRAY[1, 2, 3, 4, 5, 6])" },
        { "AnyArrayLiteralLengths", "SELECT * FROM t WHERE id = ANY('{1}')", "SELECT * FROM t WHERE id = ANY('{1,2,3,4}')" },
    };

    public static TheoryData<string, string, string> UnequalPairs => new()
    {
        { "DifferentTable", "SELECT a FROM posts WHERE id = 1", "SELECT a FROM blogs WHERE id = 1" },
        { "DifferentColumn", "SELECT a FROM t WHERE id = 1", "SELECT a FROM t WHERE blog_id = 1" },
        { "DifferentSelectList", "SELECT a FROM t", "SELECT a, b FROM t" },
        { "DifferentOperator", "SELECT a FROM t WHERE id = 1", "SELECT a FROM t WHERE id > 1" },
        { "DifferentAliasSpelling", "SELECT p.id FROM posts AS p", "SELECT q.id FROM posts AS q" },
        { "SchemaKept", "SELECT a FROM dbo.t", "SELECT a FROM sales.t" },
        { "InSubqueryVsList", "SELECT a FROM t WHERE id IN (1, 2)", "SELECT a FROM t WHERE id IN (SELECT id FROM u)" },
        { "CastTarget", "SELECT a::int FROM t", "SELECT a::text FROM t" },
        { "NullVsValue", "SELECT a FROM t WHERE b IS NULL", "SELECT a FROM t WHERE b IS NOT NULL" },
        { "StatementCount", "SELECT a FROM t", "SELECT a FROM t; SELECT a FROM t" },
        { "ValuesArity", "INSERT INTO t (a) VALUES (1)", "INSERT INTO t (a, b) VALUES (1, 2)" },
        { "ArrayVsArrayParameter", "SELECT * FROM t WHERE id = ANY(ARRAY[1, 2])", "SELECT * FROM t WHERE id = ANY(@ids)" },
    };

    private static SqlFingerprint Fingerprint(string sql) => new SqlFingerprinter().Analyze(sql).Fingerprint;

    [Theory]
    [MemberData(nameof(NormalisedTexts))]
    public void Text_Case_IsNormalised(string name, string sql, string expected)
    {
        _ = name;
        Assert.Equal(expected, Fingerprint(sql).Text);
    }

    [Theory]
    [MemberData(nameof(EqualPairs))]
    public void Fingerprint_EquivalentStatements_AreEqual(string name, string left, string right)
    {
        _ = name;
        var a = Fingerprint(left);
        var b = Fingerprint(right);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a, b);
    }

    [Theory]
    [MemberData(nameof(UnequalPairs))]
    public void Fingerprint_DifferentShapes_AreNotEqual(string name, string left, string right)
    {
        _ = name;
        var a = Fingerprint(left);
        var b = Fingerprint(right);
        Assert.NotEqual(a.Text, b.Text);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Hash_IsFnv1aOverUtf16_AndStable()
    {
        // FNV-1a 64 of the UTF-16LE bytes of "a" (0x61, 0x00), computed by hand: stable on every machine.
        var expected = 14695981039346656037UL;
        foreach (var b in new byte[] { 0x61, 0x00 })
        {
            expected = (expected ^ b) * 1099511628211UL;
        }

        var fingerprint = Fingerprint("A");
        Assert.Equal("a", fingerprint.Text);
        Assert.Equal(expected, fingerprint.Hash);
        Assert.Equal(expected.ToString("x16"), fingerprint.Id);
    }

    [Fact]
    public void Hash_KnownStatement_DoesNotChangeAcrossRuns()
    {
        Assert.Equal(Fingerprint("select a from t").Hash, Fingerprint("SELECT \"a\" FROM [t];").Hash);
        Assert.Equal(16, Fingerprint("select 1").Id.Length);
    }

    [Theory]
    [InlineData("'")]
    [InlineData("\"")]
    [InlineData("[")]
    [InlineData("`")]
    [InlineData("/*")]
    [InlineData("--")]
    [InlineData("$$")]
    [InlineData("$tag$ never")]
    [InlineData("E'\\")]
    [InlineData("0x")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("@")]
    [InlineData(":")]
    [InlineData("::")]
    [InlineData("$")]
    [InlineData("#")]
    [InlineData(")))(((")]
    [InlineData("SELECT FROM WHERE = IN ( , ) ORDER BY LIMIT OFFSET")]
    [InlineData("WITH")]
    [InlineData("WITH x AS (")]
    [InlineData("INSERT INTO")]
    [InlineData("INSERT INTO t (")]
    [InlineData("UPDATE")]
    [InlineData("SELECT * FROM (")]
    [InlineData("SELECT a FROM t ORDER BY a COLLATE")]
    [InlineData("VALUES (1), (")]
    [InlineData("\0\uFFFF\uD800")]
    public void Analyze_Garbage_DoesNotThrow(string sql)
    {
        var statement = new SqlFingerprinter().Analyze(sql);
        Assert.NotNull(statement.Fingerprint.Text);
    }

    [Fact]
    public void Analyze_DeeplyNestedParentheses_DoesNotThrow()
    {
        var sql = "SELECT " + new string('(', 500) + "1" + new string(')', 500) + " FROM t WHERE " + new string('(', 200) + "a = 1";
        var fingerprint = new SqlFingerprinter().Analyze(sql).Fingerprint;
        Assert.Equal("t", fingerprint.MainTable);
    }

    [Fact]
    public void Analyze_NullString_IsTreatedAsEmpty()
    {
        var statement = new SqlFingerprinter().Analyze((string)null!);
        Assert.Equal(string.Empty, statement.Fingerprint.Text);
        Assert.Equal(SqlStatementKind.Other, statement.Fingerprint.Kind);
    }

    [Fact]
    public void Analyze_LongStatement_GrowsBuffers()
    {
        var columns = string.Join(", ", Enumerable.Range(0, 2000).Select(i => "\"column_" + i + "\""));
        var fingerprint = new SqlFingerprinter().Analyze("SELECT " + columns + " FROM t").Fingerprint;
        Assert.StartsWith("select column_0, column_1, ", fingerprint.Text, StringComparison.Ordinal);
        Assert.EndsWith("column_1999 from t", fingerprint.Text, StringComparison.Ordinal);
    }
}
