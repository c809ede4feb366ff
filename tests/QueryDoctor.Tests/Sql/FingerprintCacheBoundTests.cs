using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

/// <summary>The fingerprint cache is bounded by bytes as well as by entries.</summary>
public sealed class FingerprintCacheBoundTests
{
    [Fact]
    public void Analyze_ManyLargeDistinctStatements_StaysWithinTheByteBound()
    {
        const long bound = 1L << 20;
        var fingerprinter = new SqlFingerprinter(capacity: 20_000, maxBytes: bound);

        for (var n = 0; n < 300; n++)
        {
            fingerprinter.Analyze(LargeInList(n, 100_000));
        }

        Assert.InRange(fingerprinter.Bytes, 1, bound);
        Assert.InRange(fingerprinter.Count, 1, 5);
    }

    [Fact]
    public void Analyze_StatementLargerThanTheBound_IsAnalysedButNotCached()
    {
        var fingerprinter = new SqlFingerprinter(capacity: 100, maxBytes: 10_000);
        var sql = LargeInList(1, 50_000);

        var first = fingerprinter.Analyze(sql);
        var second = fingerprinter.Analyze(sql);

        Assert.Equal(0, fingerprinter.Count);
        Assert.InRange(fingerprinter.Bytes, 1, 1_000); // only the short shape is kept
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal("select id from t1 where id in (...)", first.Fingerprint.Text);
    }

    [Fact]
    public void Analyze_SmallStatements_AreCachedUntilTheEntryBound()
    {
        var fingerprinter = new SqlFingerprinter(capacity: 10, maxBytes: SqlFingerprinter.DefaultMaxBytes);

        for (var n = 0; n < 50; n++)
        {
            fingerprinter.Analyze($"SELECT id FROM t WHERE id = {n}");
        }

        Assert.Equal(10, fingerprinter.Count);
        Assert.InRange(fingerprinter.Bytes, 10 * 2 * "SELECT id FROM t WHERE id = 0".Length, 64 * 1024);
        Assert.Same(fingerprinter.Analyze("SELECT id FROM t WHERE id = 3"), fingerprinter.Analyze("SELECT id FROM t WHERE id = 3"));
    }

    [Fact]
    public void Constructor_NegativeByteBound_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlFingerprinter(10, -1));

    private static string LargeInList(int table, int chars)
    {
        var sql = new System.Text.StringBuilder("SELECT id FROM t").Append(table).Append(" WHERE id IN (0");
        for (var n = 1; sql.Length < chars; n++)
        {
            sql.Append(", ").Append(n);
        }

        return sql.Append(')').ToString();
    }
}
