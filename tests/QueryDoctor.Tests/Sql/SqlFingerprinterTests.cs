using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

public sealed class SqlFingerprinterTests
{
    private const string PostsByBlog = "SELECT \"p\".\"id\", \"p\".\"blog_id\", \"p\".\"title\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0";

    [Fact]
    public void Analyze_SameText_ReturnsSameStatementInstance()
    {
        var fingerprinter = new SqlFingerprinter();
        var first = fingerprinter.Analyze(PostsByBlog);
        Assert.Same(first, fingerprinter.Analyze(PostsByBlog));
        Assert.Same(first, fingerprinter.Analyze(PostsByBlog.AsSpan()));
        Assert.Same(first, fingerprinter.Analyze(new string(PostsByBlog.AsSpan())));
        Assert.Equal(1, fingerprinter.Count);
    }

    [Fact]
    public void Analyze_EqualShapes_ShareOneFingerprintInstance()
    {
        var fingerprinter = new SqlFingerprinter();
        var sqlServer = fingerprinter.Analyze("SELECT [u].[Id] FROM [Users] AS [u] WHERE [u].[Email] = @__email_0");
        var postgres = fingerprinter.Analyze("SELECT u.\"Id\" FROM \"Users\" AS u WHERE u.\"Email\" = $1".AsSpan());
        var literal = fingerprinter.Analyze("select u.id from users as u where u.email = 'a@b.c'");
        Assert.NotSame(sqlServer, postgres);
        Assert.Same(sqlServer.Fingerprint, postgres.Fingerprint);
        Assert.Same(sqlServer.Fingerprint, literal.Fingerprint);
        Assert.Equal(3, fingerprinter.Count);
    }

    [Fact]
    public void Analyze_WarmSpan_AllocatesNothing()
    {
        var fingerprinter = new SqlFingerprinter();
        var buffer = PostsByBlog.ToCharArray();
        ReadOnlySpan<char> sql = buffer;
        var expected = fingerprinter.Analyze(sql);
        for (var i = 0; i < 100; i++)
        {
            fingerprinter.Analyze(sql);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        SqlStatement? last = null;
        for (var i = 0; i < 1000; i++)
        {
            last = fingerprinter.Analyze(sql);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Same(expected, last);
    }

    [Fact]
    public void Analyze_WarmString_AllocatesNothing()
    {
        var fingerprinter = new SqlFingerprinter();
        var expected = fingerprinter.Analyze(PostsByBlog);
        for (var i = 0; i < 100; i++)
        {
            fingerprinter.Analyze(PostsByBlog);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        SqlStatement? last = null;
        for (var i = 0; i < 1000; i++)
        {
            last = fingerprinter.Analyze(PostsByBlog);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Same(expected, last);
    }

    [Fact]
    public void Analyze_BeyondCapacity_StopsCachingButStillAnalyses()
    {
        var fingerprinter = new SqlFingerprinter(capacity: 10);
        for (var i = 0; i < 100; i++)
        {
            var statement = fingerprinter.Analyze("SELECT a FROM t" + i + " WHERE id = " + i);
            Assert.Equal("t" + i, statement.Fingerprint.MainTable);
        }

        Assert.Equal(10, fingerprinter.Count);

        var uncached = "SELECT a FROM t99 WHERE id = 99";
        var again = fingerprinter.Analyze(uncached);
        Assert.Equal(fingerprinter.Analyze(uncached).Fingerprint, again.Fingerprint);
        Assert.Equal(10, fingerprinter.Count);
        Assert.Same(fingerprinter.Analyze("SELECT a FROM t0 WHERE id = 0"), fingerprinter.Analyze("SELECT a FROM t0 WHERE id = 0"));
    }

    [Fact]
    public void Analyze_ZeroCapacity_CachesNothing()
    {
        var fingerprinter = new SqlFingerprinter(capacity: 0);
        var first = fingerprinter.Analyze(PostsByBlog);
        var second = fingerprinter.Analyze(PostsByBlog.AsSpan());
        Assert.NotSame(first, second);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(0, fingerprinter.Count);
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlFingerprinter(-1));

    [Fact]
    public void Shared_IsOneInstance_AndBacksFingerprintOf()
    {
        Assert.Same(SqlFingerprinter.Shared, SqlFingerprinter.Shared);
        Assert.Same(SqlFingerprinter.Shared.Analyze(PostsByBlog).Fingerprint, SqlFingerprint.Of(PostsByBlog));
    }

    [Fact]
    public async Task Analyze_ManyThreads_AgreeOnInstancesAndRespectCapacity()
    {
        var fingerprinter = new SqlFingerprinter(capacity: 50);
        var texts = Enumerable.Range(0, 200)
            .Select(i => $"SELECT \"x\".\"id\" FROM \"table{i % 20}\" AS \"x\" WHERE \"x\".\"id\" = {i}")
            .ToArray();
        var results = new SqlStatement[8][];
        var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            var mine = new SqlStatement[texts.Length];
            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < texts.Length; i++)
                {
                    var index = (i + (w * 37)) % texts.Length;
                    mine[index] = w % 2 == 0 ? fingerprinter.Analyze(texts[index]) : fingerprinter.Analyze(texts[index].AsSpan());
                }
            }

            results[w] = mine;
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        Assert.True(fingerprinter.Count <= 50);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = new SqlFingerprinter().Analyze(texts[i]).Fingerprint;
            foreach (var worker in results)
            {
                Assert.Equal(expected, worker[i].Fingerprint);
                Assert.Equal("table" + (i % 20), worker[i].Fingerprint.MainTable);
            }
        }

        // Texts that made it into the cache are one instance for every thread.
        var cachedInstances = texts.Select(t => fingerprinter.Analyze(t)).ToArray();
        var sameEverywhere = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            if (results.All(r => ReferenceEquals(r[i], cachedInstances[i])))
            {
                sameEverywhere++;
            }
        }

        Assert.True(sameEverywhere >= fingerprinter.Count);
    }
}
