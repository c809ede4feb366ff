using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Tests.Sql;

/// <summary><see cref="SqlShapeParser.TableAliases"/>: alias to table from the shape parser (SQLite plan lines name aliases). Table-driven.</summary>
public sealed class SqlTableAliasesTests
{
    [Theory]
    [InlineData("SELECT \"p\".\"id\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @b", "p=posts")]
    [InlineData("SELECT * FROM orders o JOIN customers AS c ON c.id = o.customer_id", "c=customers|o=orders")]
    [InlineData("SELECT * FROM main.orders o LEFT JOIN `items` i ON i.order_id = o.id", "i=items|o=orders")]
    [InlineData("SELECT [u].[Id] FROM [Users] AS [u]", "u=Users")]
    [InlineData("SELECT * FROM \"we\"\"ird\" w", "w=we\"ird")]
    [InlineData("SELECT * FROM t WHERE a IN (SELECT b FROM u AS uu)", "uu=u")]
    [InlineData("UPDATE posts AS p SET title = 'x' WHERE p.id = 1", "p=posts")]
    [InlineData("SELECT * FROM (SELECT * FROM posts) AS x", "")]
    [InlineData("WITH recent AS (SELECT * FROM posts) SELECT * FROM recent r", "r=recent")]
    [InlineData("SELECT * FROM posts WHERE id = 1 ORDER BY id LIMIT 5", "")]
    [InlineData("SELECT * FROM posts posts", "")]
    public void TableAliases_Statement_MapsEachAliasToItsTable(string sql, string expected)
    {
        var aliases = SqlShapeParser.TableAliases(sql);

        string.Join("|", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")).ShouldBe(expected);
    }

    [Fact]
    public void TableAliases_LookupIgnoresCase()
    {
        SqlShapeParser.TableAliases("SELECT * FROM Posts AS P")["p"].ShouldBe("Posts");
    }
}
