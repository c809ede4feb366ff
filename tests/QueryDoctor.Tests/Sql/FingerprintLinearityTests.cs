using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

/// <summary>
/// The fingerprint's cost grows linearly with the statement for every input class. Proved by counting the
/// parser's steps beyond its passes over the tokens (name comparisons, hash probes, parenthesis scans), not by
/// timing: ten times the text may take at most about ten times the steps, and never more steps than characters.
/// </summary>
public sealed class FingerprintLinearityTests
{
    public static TheoryData<string> Classes() => [.. SqlInputClasses.Names];

    [Theory]
    [MemberData(nameof(Classes))]
    public void Analyze_TenTimesTheText_TakesAboutTenTimesTheWork(string inputClass)
    {
        var small = Work(SqlInputClasses.Build(inputClass, 20_000));
        var large = Work(SqlInputClasses.Build(inputClass, 200_000));

        Assert.True(large <= (12 * small) + 1_000, $"{inputClass}: {small} steps at 20k characters, {large} at 200k");
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Analyze_LargeStatement_TakesFewerStepsThanCharacters(string inputClass)
    {
        var sql = SqlInputClasses.Build(inputClass, 200_000);

        var work = Work(sql);

        Assert.True(work <= sql.Length, $"{inputClass}: {work} steps for {sql.Length} characters");
    }

    [Fact]
    public void Analyze_JoinChain_StillResolvesEveryAliasAndTable()
    {
        var sql = SqlInputClasses.Build("join-chain", 50_000);

        var fingerprint = new SqlFingerprinter(capacity: 0).Analyze(sql).Fingerprint;

        var joins = sql.Split(" JOIN ").Length - 1;
        Assert.Equal(joins + 1, fingerprint.Tables.Count);
        Assert.Equal("t0", fingerprint.MainTable);
        Assert.Contains(new SqlColumn("t0", "id"), fingerprint.EqualityColumns);
    }

    [Fact]
    public void Analyze_WhereChain_KeepsEachDistinctColumnOnce()
    {
        var sql = "SELECT id FROM t WHERE " + string.Join(" AND ", Enumerable.Range(0, 40).Select(n => $"c{n % 20} = {n}"));

        var fingerprint = new SqlFingerprinter(capacity: 0).Analyze(sql).Fingerprint;

        Assert.Equal(20, fingerprint.EqualityColumns.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(n => "c" + n), fingerprint.EqualityColumns.Select(c => c.Column));
    }

    [Fact]
    public void Analyze_DeeplyNestedDerivedTables_ResolvesTheOuterAliasToTheInnerTable()
    {
        var sql = SqlInputClasses.Build("nested-subqueries", 20_000) + " WHERE d1.id = 5";

        var fingerprint = new SqlFingerprinter(capacity: 0).Analyze(sql).Fingerprint;

        Assert.Equal(["t"], fingerprint.Tables);
        Assert.Equal("t", fingerprint.MainTable);
    }

    private static int Work(string sql)
    {
        new SqlFingerprinter(capacity: 0).Analyze(sql);
        return SqlShapeParser.LastWork;
    }
}
