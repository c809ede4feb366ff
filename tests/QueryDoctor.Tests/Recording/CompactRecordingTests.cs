using QueryDoctor.Capture;
using QueryDoctor.Recording;
using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Tests.Recording;

/// <summary>
/// Groups, commands and timelines keep their nullable values as plain fields with flags (issue 17): what they give back
/// must be exactly what was recorded, offsets of times included, and "none" must stay apart from zero.
/// </summary>
public sealed class CompactRecordingTests
{
    private static readonly DateTimeOffset India = new(2026, 12, 4, 9, 30, 0, TimeSpan.FromHours(5.5));
    private static readonly DateTimeOffset California = new(2026, 12, 3, 20, 0, 0, TimeSpan.FromHours(-8));

    [Fact]
    public void StatementGroup_StartTimesWithOffsets_GivenBackWithTheirOffsets()
    {
        var builder = new QueryScopeBuilder("offsets");
        const string Sql = "SELECT * FROM orders WHERE id = @p0";

        // California's 20:00 (-08:00) and India's 09:30 (+05:30) are both 04:00 UTC on the 4th: one tick apart here.
        var later = India.AddTicks(1);
        builder.Add(new QueryEvent { Sql = Sql, StartedAt = later, Duration = TimeSpan.FromMilliseconds(1) });
        builder.Add(new QueryEvent { Sql = Sql, StartedAt = California, Duration = TimeSpan.FromMilliseconds(1) });

        var group = builder.Build().Groups.ShouldHaveSingleItem();

        group.FirstStartedAt.ShouldNotBeNull().EqualsExact(California).ShouldBeTrue();
        group.FirstStartedAt!.Value.Offset.ShouldBe(TimeSpan.FromHours(-8));
        group.LastStartedAt.ShouldNotBeNull().EqualsExact(later).ShouldBeTrue();
        group.LastStartedAt!.Value.Offset.ShouldBe(TimeSpan.FromHours(5.5));
    }

    [Fact]
    public void StatementGroup_NoStartTimes_FirstAndLastStartAndMinGapNull()
    {
        var builder = new QueryScopeBuilder("untimed");
        builder.Add(new QueryEvent { Sql = "SELECT 1", Duration = TimeSpan.FromMilliseconds(1) });
        builder.Add(new QueryEvent { Sql = "SELECT 1", StartedAt = India });

        var group = builder.Build().Groups.ShouldHaveSingleItem();

        group.FirstStartedAt.ShouldBe(India);
        group.LastStartedAt.ShouldBe(India);
        group.MinGap.ShouldBeNull();
    }

    [Fact]
    public void StatementGroup_MinGap_ShortestIdleTimeAcrossOffsets()
    {
        var builder = new QueryScopeBuilder("gaps");
        const string Sql = "SELECT * FROM jobs WHERE state = 'new'";
        builder.Add(new QueryEvent { Sql = Sql, StartedAt = India, Duration = TimeSpan.FromSeconds(1) });

        // Three seconds after the first ended, written in another offset; then a statement that overlaps it by 0.5 s.
        var second = India.AddSeconds(4).ToOffset(TimeSpan.FromHours(-8));
        builder.Add(new QueryEvent { Sql = Sql, StartedAt = second, Duration = TimeSpan.FromSeconds(2) });
        builder.Add(new QueryEvent { Sql = Sql, StartedAt = second.AddSeconds(1.5), Duration = TimeSpan.FromSeconds(1) });

        var group = builder.Build().Groups.ShouldHaveSingleItem();

        group.MinGap.ShouldBe(TimeSpan.FromSeconds(-0.5));
        group.FirstStartedAt!.Value.Offset.ShouldBe(TimeSpan.FromHours(5.5));
        group.LastStartedAt!.Value.Offset.ShouldBe(TimeSpan.FromHours(-8));
    }

    [Fact]
    public void StatementGroup_MaxRows_NoneAndZeroStayApart()
    {
        var builder = new QueryScopeBuilder("rows");
        builder.Add(new QueryEvent { Sql = "SELECT * FROM a" });
        builder.Add(new QueryEvent { Sql = "SELECT * FROM b", Rows = 0 });
        builder.Add(new QueryEvent { Sql = "SELECT * FROM c", Rows = -1 });
        builder.Add(new QueryEvent { Sql = "SELECT * FROM c", Rows = 7 });
        builder.Add(new QueryEvent { Sql = "SELECT * FROM c" });

        var groups = builder.Build().Groups;

        groups[0].MaxRows.ShouldBeNull();
        groups[1].MaxRows.ShouldBe(0);
        groups[2].MaxRows.ShouldBe(7);
    }

    [Fact]
    public void StatementGroup_ValueCounts_ViewOfTheGroupsCounts()
    {
        var builder = new QueryScopeBuilder("values");
        const string Sql = "SELECT * FROM a WHERE id = @p0";
        foreach (var id in new[] { 1, 2, 1, 3, 1 })
        {
            builder.Add(new QueryEvent { Sql = Sql, Parameters = [new QueryParameter("@p0", id)] });
        }

        var group = builder.Build().Groups.ShouldHaveSingleItem();
        var counts = group.ValueCounts;

        counts.Count.ShouldBe(3);
        counts.Values.ShouldBe([3, 1, 1]);
        counts.Keys.ShouldBe(counts.Select(pair => pair.Key));
        counts[counts.Keys.First()].ShouldBe(3);
        counts.ContainsKey(42).ShouldBeFalse();
        group.DistinctValues.ShouldBe(3);
        group.AllValuesIdentical.ShouldBeFalse();
    }

    [Fact]
    public void CapturedCommand_ClockWithOffset_EventKeepsStartOffsetDurationRowsAndFailure()
    {
        var clock = new OffsetClock(California);
        using var capture = new QueryCapture(new QueryDoctorOptions { TimeProvider = clock });
        using (QueryDoctorScope.Begin("offsets", clock))
        {
            var first = capture.BeginCommand("SELECT * FROM a").ShouldNotBeNull();
            first.Executed(TimeSpan.FromTicks(12_345), failed: true);
            first.Executed(TimeSpan.FromSeconds(9));
            first.Finish(rows: 0);

            clock.Now = India;
            capture.BeginCommand("SELECT * FROM b").ShouldNotBeNull().Finish();
        }

        var scope = capture.RecentScopes.ShouldHaveSingleItem().Scope;
        var (a, b) = (scope.Events[0], scope.Events[1]);

        a.StartedAt.ShouldNotBeNull().EqualsExact(California).ShouldBeTrue();
        a.Duration.ShouldBe(TimeSpan.FromTicks(12_345));
        a.Rows.ShouldBe(0);
        a.Failed.ShouldBeTrue();
        b.StartedAt.ShouldNotBeNull().EqualsExact(India).ShouldBeTrue();
        b.Rows.ShouldBeNull();
        b.Failed.ShouldBeFalse();
        b.Duration.ShouldNotBeNull();
        scope.Groups[0].FirstStartedAt!.Value.Offset.ShouldBe(TimeSpan.FromHours(-8));
        scope.Groups[0].MaxRows.ShouldBe(0);
        scope.Groups[1].MaxRows.ShouldBeNull();
    }

    [Fact]
    public void CapturedCommand_NoteInsideSuppressionBlock_KeepsBoth()
    {
        using var capture = new QueryCapture();
        using (QueryDoctorScope.Begin("aside"))
        {
            var outside = capture.BeginCommand("SELECT * FROM a").ShouldNotBeNull();
            outside.Suppression.ShouldBeNull();
            outside.Note = "lazy:A.B";
            outside.Note.ShouldBe("lazy:A.B");
            outside.Suppression.ShouldBeNull();
            outside.Finish();

            using (QueryDoctorScope.Suppress("warms the cache"))
            {
                var inside = capture.BeginCommand("SELECT * FROM b").ShouldNotBeNull();
                var block = inside.Suppression.ShouldNotBeNull();
                inside.Note.ShouldBeNull();
                inside.Note = "lazy:C.D";
                inside.Note.ShouldBe("lazy:C.D");
                inside.Suppression.ShouldBeSameAs(block);
                inside.Note = null;
                inside.Note.ShouldBeNull();
                inside.Suppression.ShouldBeSameAs(block);
                inside.Finish();
            }
        }
    }

    [Fact]
    public void LiveScope_Timeline_SameEntriesAsABuilderFedItsEvents()
    {
        var clock = new OffsetClock(India);
        using var capture = new QueryCapture(new QueryDoctorOptions { TimeProvider = clock });
        string[] statements = ["SELECT * FROM a", "SELECT * FROM b WHERE id = @p0", "SELECT * FROM a", "SELECT * FROM c"];
        using (QueryDoctorScope.Begin("timeline", clock))
        {
            for (var i = 0; i < statements.Length; i++)
            {
                clock.Now = India.AddTicks(i * 3_333_337L).ToOffset(TimeSpan.FromHours(i - 2));
                var command = capture.BeginCommand(statements[i], [new QueryParameter("@p0", i)]).ShouldNotBeNull();
                command.Executed(i == 2 ? null : TimeSpan.FromTicks(1_234_567 * (i + 1)));
                command.Finish();
            }
        }

        var live = capture.RecentScopes.ShouldHaveSingleItem().Scope;
        var offline = new QueryScopeBuilder("timeline");
        foreach (var queryEvent in live.Events)
        {
            offline.Add(queryEvent);
        }

        var expected = offline.Build().Timeline;
        live.Timeline.Count.ShouldBe(4);
        live.Timeline.ShouldBe(expected);
    }

    [Fact]
    public void ScopeTimeline_StatementsKept_ExpandToTheSameEntries()
    {
        var timeline = new ScopeTimeline();
        var a = new StatementGroup(SqlFingerprint.Of("SELECT * FROM a"), CallSite.FromText("A.cs:1"));
        var b = new StatementGroup(SqlFingerprint.Of("SELECT * FROM b"), CallSite.FromText("B.cs:2"));
        timeline.Add(a.Fingerprint, a.CallSite, null, TimeSpan.FromTicks(7), a);
        timeline.Add(b.Fingerprint, b.CallSite, California, null, b);
        timeline.Add(a.Fingerprint, a.CallSite, India.AddTicks(1), TimeSpan.FromTicks(123_456_789), a);
        timeline.Add(b.Fingerprint, b.CallSite, India.AddTicks(-77_777), TimeSpan.FromMilliseconds(0.1), b);

        timeline.TryGetStatements(out var statements).ShouldBeTrue();

        TimelineStatement.Expand(statements).ShouldBe(timeline.ToArray());
    }

    [Fact]
    public void ScopeTimeline_MergedOrWithoutGroups_StatementsNotKept()
    {
        var merged = new ScopeTimeline();
        var group = new StatementGroup(SqlFingerprint.Of("SELECT * FROM a"), CallSite.FromText("A.cs:1"));
        for (var i = 0; i <= ScopeTimeline.Capacity; i++)
        {
            merged.Add(group.Fingerprint, group.CallSite, India.AddMilliseconds(i), TimeSpan.FromMilliseconds(1), group);
        }

        var withoutGroup = new ScopeTimeline();
        withoutGroup.Add(group.Fingerprint, group.CallSite, India, null, group);
        withoutGroup.Add(group.Fingerprint, group.CallSite, India, null);

        merged.TryGetStatements(out _).ShouldBeFalse();
        withoutGroup.TryGetStatements(out _).ShouldBeFalse();
    }

    /// <summary>A clock whose "now" is given with an offset (a time provider may return any offset).</summary>
    private sealed class OffsetClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
