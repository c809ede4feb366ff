using Shouldly;

namespace QueryDoctor.Inspection.Tests;

/// <summary>Placeholders found outside literals, quoted names and comments; several statements refused. Table-driven.</summary>
public sealed class StatementPlaceholdersTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE a = @a AND b = @b_2", false, "@a|@b_2")]
    [InlineData("SELECT * FROM t WHERE a = ? AND b = ?", false, "?|?")]
    [InlineData("SELECT * FROM t WHERE a = ?1 AND b = :name AND c = $v", false, "?1|:name|$v")]
    [InlineData("SELECT * FROM t WHERE a = $1 AND b = $2", true, "$1|$2")]
    [InlineData("SELECT '@not' || \"@col\" FROM t WHERE a = @real", false, "@real")]
    [InlineData("SELECT 1 -- @comment\nFROM t /* @block */ WHERE a = @a", false, "@a")]
    [InlineData("SELECT a::int FROM t WHERE b = $1", true, "$1")]
    [InlineData("SELECT data ? 'key' FROM t WHERE id = $1", true, "$1")]
    [InlineData("SELECT $tag$ it's @x $tag$ FROM t WHERE id = @id", true, "@id")]
    [InlineData("SELECT [@odd] FROM t WHERE e = 'a''@b' AND f = @f", false, "@f")]
    [InlineData("SELECT email@host FROM t", false, "")]
    [InlineData("SELECT E'it\\'s @x' FROM t WHERE a = $1", true, "$1")]
    [InlineData("SELECT 1 /* outer /* inner */ @hidden */ FROM t WHERE a = $1", true, "$1")]
    [InlineData("SELECT * FROM t WHERE a = ANY(ARRAY[$1, $2])", true, "$1|$2")]
    [InlineData("SELECT * FROM t WHERE tags ?| ARRAY['a'] AND data @> $1 AND id = @id", true, "$1|@id")]
    [InlineData("SELECT * FROM t WHERE a = :a AND b = a1:b AND c = ?2", false, ":a|?2")]
    public void Scan_Statement_FindsOnlyRealPlaceholders(string sql, bool postgres, string expected)
    {
        var found = StatementPlaceholders.Scan(sql, postgres);

        string.Join("|", found.Select(p => p.Text)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT 1;\nDROP TABLE t")]
    [InlineData("SELECT 1 /* ; */; DELETE FROM t")]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Scan_EmptyOrSeveralStatements_Throws(string sql)
    {
        Should.Throw<ArgumentException>(() => StatementPlaceholders.Scan(sql, postgres: false));
        Should.Throw<ArgumentException>(() => StatementPlaceholders.Scan(sql, postgres: true));
    }

    [Theory]
    [InlineData("SELECT 1;")]
    [InlineData("SELECT ';' FROM t ; -- done\n")]
    [InlineData("SELECT 1; /* trailing */ ;")]
    public void Scan_OneStatementWithTrailingSemicolons_IsAccepted(string sql)
    {
        Should.NotThrow(() => StatementPlaceholders.Scan(sql, postgres: false));
    }

    [Fact]
    public void TryGetValue_ByNameIgnoringPrefix_ThenByPosition()
    {
        var named = StatementPlaceholders.Scan("SELECT * FROM t WHERE a = :a", postgres: false).Single();
        StatementPlaceholders.TryGetValue(named, [new QueryParameter("@A", 5)], out var value).ShouldBeTrue();
        value.ShouldBe(5);

        var positional = StatementPlaceholders.Scan("SELECT * FROM t WHERE a = $1 AND b = $2", postgres: true);
        StatementPlaceholders.TryGetValue(positional[1], [new QueryParameter(null, "x"), new QueryParameter(null, "y")], out value).ShouldBeTrue();
        value.ShouldBe("y");

        StatementPlaceholders.TryGetValue(positional[1], [new QueryParameter(null, "x")], out _).ShouldBeFalse();
        StatementPlaceholders.TryGetValue(named, null, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("SELECT 1;", "SELECT 1")]
    [InlineData("INSERT INTO t (a) VALUES (@p0) RETURNING id;\nUPDATE t SET a = @p1 WHERE id = @p2;", "INSERT INTO t (a) VALUES (@p0) RETURNING id|UPDATE t SET a = @p1 WHERE id = @p2")]
    [InlineData("SELECT ';' FROM t; SELECT \"a;b\" FROM u", "SELECT ';' FROM t|SELECT \"a;b\" FROM u")]
    [InlineData("SELECT 1 /* ; */ ; -- ;\n SELECT $x$;$x$", "SELECT 1 /* ; */|-- ;\n SELECT $x$;$x$")]
    [InlineData(" ; ;", "")]
    public void Split_Batch_OneTextPerStatement(string sql, string expected)
    {
        string.Join("|", StatementPlaceholders.Split(sql)).ShouldBe(expected);
    }
}
