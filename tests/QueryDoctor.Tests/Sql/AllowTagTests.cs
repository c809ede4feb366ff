using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

/// <summary>The <c>querydoctor:allow</c> comment, read once per distinct statement text.</summary>
public sealed class AllowTagTests
{
    public static TheoryData<string, string, string[]> Cases => new()
    {
        { "EF TagWith line comment", "-- querydoctor:allow n-plus-one\nSELECT 1", ["n-plus-one"] },
        { "two markers on one line", "-- querydoctor:allow n-plus-one querydoctor:allow duplicate-query\nSELECT 1", ["n-plus-one", "duplicate-query"] },
        { "two rules, comma", "-- querydoctor:allow n-plus-one, duplicate-query\nSELECT 1", ["n-plus-one", "duplicate-query"] },
        { "two rules, spaces", "-- querydoctor:allow n-plus-one duplicate-query\r\nSELECT 1", ["n-plus-one", "duplicate-query"] },
        { "block comment ends the list", "/* querydoctor:allow slow-query */ SELECT id FROM t", ["slow-query"] },
        { "case-insensitive, lower-cased", "-- QueryDoctor:Allow N-Plus-One\nSELECT 1", ["n-plus-one"] },
        { "after TagWithCallSite's line", "-- File: Posts.cs:12\n-- querydoctor:allow n-plus-one\nSELECT 1", ["n-plus-one"] },
        { "two markers", "-- querydoctor:allow n-plus-one\n-- querydoctor:allow duplicate-query\nSELECT 1", ["n-plus-one", "duplicate-query"] },
        { "duplicates kept once", "-- querydoctor:allow n-plus-one, n-plus-one\nSELECT 1", ["n-plus-one"] },
        { "no marker", "SELECT 1 -- querydoctor", [] },
        { "marker without rules", "-- querydoctor:allow\nSELECT 1", [] },
        { "marker at the very end", "SELECT 1 /* querydoctor:allow", [] },
        { "punctuation is not a rule", "-- querydoctor:allow n-plus-one; (x)\nSELECT 1", ["n-plus-one"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analyze_AllowComment_ReadsRules(string name, string sql, string[] rules)
    {
        Assert.NotNull(name);
        Assert.Equal(rules, new SqlFingerprinter().Analyze(sql).AllowedRules);
    }

    [Fact]
    public void Analyze_AllowComment_NotPartOfTheFingerprint()
    {
        var fingerprinter = new SqlFingerprinter();
        var tagged = fingerprinter.Analyze("-- querydoctor:allow n-plus-one\nSELECT id FROM posts WHERE blog_id = @b");
        var plain = fingerprinter.Analyze("SELECT id FROM posts WHERE blog_id = @b");

        Assert.Same(plain.Fingerprint, tagged.Fingerprint);
        Assert.Empty(plain.AllowedRules);
    }
}
