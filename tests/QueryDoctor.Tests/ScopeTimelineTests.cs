using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Tests;

public sealed class ScopeTimelineTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_FewStatements_OneEntryPerStatementOnBothAxes()
    {
        var timeline = new ScopeTimeline();
        var a = SqlFingerprint.Of("SELECT * FROM a WHERE id = 1");
        var site = CallSite.FromText("A.cs:1");
        timeline.Add(a, site, Origin.AddMilliseconds(10), TimeSpan.FromMilliseconds(2));
        timeline.Add(a, site, Origin.AddMilliseconds(20), TimeSpan.FromMilliseconds(3));

        var entries = timeline.ToArray();

        Assert.Equal(2, entries.Length);
        Assert.Equal([0, 1], entries.Select(e => e.Index));
        Assert.Equal(0, entries[0].TimedStart);
        Assert.Equal(10, entries[1].TimedStart, 6);
        Assert.Equal(13, entries[1].TimedEnd, 6);
        Assert.Equal(2, entries[1].SequentialStart, 6);
        Assert.Equal(5, entries[1].SequentialEnd, 6);
    }

    [Fact]
    public void Add_TenThousandInterleavedShapes_BoundedAndEveryStatementCountedInOrder()
    {
        var timeline = new ScopeTimeline();
        var shapes = Enumerable.Range(0, 3).Select(i => SqlFingerprint.Of($"SELECT * FROM t{i} WHERE id = @p0")).ToArray();
        var sites = Enumerable.Range(0, 3).Select(i => CallSite.FromText($"Export.cs:{i}")).ToArray();
        for (var i = 0; i < 10_000; i++)
        {
            timeline.Add(shapes[i % 3], sites[i % 3], Origin.AddMilliseconds(i * 0.1), TimeSpan.FromMilliseconds(0.05));
            Assert.True(timeline.Count <= ScopeTimeline.Capacity);
        }

        var entries = timeline.ToArray();

        Assert.InRange(entries.Length, 2, ScopeTimeline.Capacity);
        Assert.Equal(10_000, entries.Sum(e => e.Count));

        // Entries cover the statements in order without gaps, and time runs forward.
        var next = 0;
        foreach (var entry in entries)
        {
            Assert.Equal(next, entry.Index);
            next += entry.Count;
        }

        Assert.True(entries.Select(e => e.TimedStart).SequenceEqual(entries.Select(e => e.TimedStart).Order()));
        Assert.Equal(999.95, entries[^1].TimedEnd, 3);
        Assert.All(entries.Where(e => e.Count > 1), e => Assert.True(e.Mixed));
    }

    [Fact]
    public void Add_LongLoopOfOneStatement_MergedIntoRunsNotPairs()
    {
        var timeline = new ScopeTimeline();
        var head = SqlFingerprint.Of("SELECT * FROM blogs");
        var loop = SqlFingerprint.Of("SELECT * FROM posts WHERE blog_id = @p0");
        timeline.Add(head, CallSite.FromText("Blogs.cs:1"), null, TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 2_000; i++)
        {
            timeline.Add(loop, CallSite.FromText("Blogs.cs:2"), null, TimeSpan.FromMilliseconds(0.5));
        }

        var entries = timeline.ToArray();

        // The loop becomes one run past the bound: the N+1 comb stays one shape, not mixed.
        Assert.Equal(2, entries.Length);
        Assert.False(entries[1].Mixed);
        Assert.Equal(2_000, entries[1].Count);
        Assert.Equal(1001, entries[1].SequentialEnd, 6);
        Assert.True(double.IsNaN(entries[1].TimedStart));
    }
}
