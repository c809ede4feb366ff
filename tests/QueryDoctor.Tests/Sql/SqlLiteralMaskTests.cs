using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

public sealed class SqlLiteralMaskTests
{
    [Theory]
    [InlineData(
        "SELECT \"m\".\"Id\", \"m\".\"Name\"\nFROM \"Members\" AS \"m\"\nWHERE \"m\".\"Name\" = 'secret'",
        "SELECT \"m\".\"Id\", \"m\".\"Name\"\nFROM \"Members\" AS \"m\"\nWHERE \"m\".\"Name\" = ?")]
    [InlineData("SELECT * FROM t WHERE a = 42 AND b = -1.5e3 AND c = 0x1F", "SELECT * FROM t WHERE a = ? AND b = ? AND c = ?")]
    [InlineData("SELECT * FROM t WHERE a = @p0 AND b = 'it''s'", "SELECT * FROM t WHERE a = @p0 AND b = ?")]
    [InlineData("SELECT * FROM t WHERE a IN (1, 2, 3) -- note 'kept'\nLIMIT 20", "SELECT * FROM t WHERE a IN (?, ?, ?) -- note 'kept'\nLIMIT ?")]
    [InlineData("SELECT [Order].[Id] FROM [Order] WHERE x = N'ü' AND y = X'0A'", "SELECT [Order].[Id] FROM [Order] WHERE x = ? AND y = ?")]
    [InlineData("SELECT `Name` FROM `t` WHERE \"Weird 'quoted' Name\" = 7", "SELECT `Name` FROM `t` WHERE \"Weird 'quoted' Name\" = ?")]
    public void Apply_QuestionMarks_ReplacesOnlyLiterals(string sql, string expected)
    {
        // Comments stay as written (a line comment ends at its line: the LIMIT's number after it is a value).
        Assert.Equal(expected, SqlLiteralMask.Apply(sql, dollarPlaceholders: false));
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE a = 'x' AND b = 5", "SELECT * FROM t WHERE a = $1 AND b = $2")]
    [InlineData("SELECT * FROM t WHERE a = $2 AND b = 'x' AND c = $1", "SELECT * FROM t WHERE a = $2 AND b = $3 AND c = $1")]
    [InlineData("SELECT * FROM t WHERE d ? 'key' AND e = E'a\\'b' AND f = $tag$body$tag$", "SELECT * FROM t WHERE d ? $1 AND e = $2 AND f = $3")]
    [InlineData("SELECT * FROM t WHERE at > TIMESTAMPTZ '2024-01-01T00:00:00Z' AND \"Name\" = @p0", "SELECT * FROM t WHERE at > TIMESTAMPTZ $1 AND \"Name\" = @p0")]
    public void Apply_DollarPlaceholders_NumberedAfterTheTextsOwn(string sql, string expected)
    {
        Assert.Equal(expected, SqlLiteralMask.Apply(sql, dollarPlaceholders: true));
    }

    [Fact]
    public void Apply_NoLiterals_ReturnsTheSameString()
    {
        const string sql = "SELECT \"Id\" FROM \"Members\" WHERE \"CalendarId\" = @__p_0";

        Assert.Same(sql, SqlLiteralMask.Apply(sql, dollarPlaceholders: false));
        Assert.Same(sql, SqlLiteralMask.Apply(sql, dollarPlaceholders: true));
    }

    [Theory]
    [InlineData("SELECT \"Name\" FROM \"Members\" WHERE \"Name\" = 'secret' AND \"Id\" IN (1, 2, 3, 4) LIMIT 1")]
    [InlineData("INSERT INTO \"Votes\" (\"MemberId\", \"Value\") VALUES (7, -3) RETURNING \"Id\"")]
    [InlineData("SELECT * FROM t WHERE a = $1 AND b = 'x' ORDER BY \"CreatedAt\" DESC OFFSET 40")]
    public void Apply_EitherPlaceholder_KeepsTheFingerprint(string sql)
    {
        var fingerprinter = new SqlFingerprinter();
        var original = fingerprinter.Analyze(sql).Fingerprint;

        Assert.Equal(original.Id, fingerprinter.Analyze(SqlLiteralMask.Apply(sql, dollarPlaceholders: false)).Fingerprint.Id);
        Assert.Equal(original.Id, fingerprinter.Analyze(SqlLiteralMask.Apply(sql, dollarPlaceholders: true)).Fingerprint.Id);
        Assert.Equal(original.Text, fingerprinter.Analyze(SqlLiteralMask.Apply(sql, dollarPlaceholders: true)).Fingerprint.Text);
    }

    [Fact]
    public void MaskedText_SameStatement_ComputedOnceAndCached()
    {
        const string sql = "SELECT * FROM \"Members\" WHERE \"Name\" = 'secret'";
        var statement = new SqlFingerprinter().Analyze(sql);

        var first = statement.MaskedText(sql, dollarPlaceholders: false);

        Assert.Equal("SELECT * FROM \"Members\" WHERE \"Name\" = ?", first);
        Assert.Same(first, statement.MaskedText(sql, dollarPlaceholders: false));
        Assert.Equal("SELECT * FROM \"Members\" WHERE \"Name\" = $1", statement.MaskedText(sql, dollarPlaceholders: true));
    }
}
