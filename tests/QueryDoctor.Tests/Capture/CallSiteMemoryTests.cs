using QueryDoctor.Capture;
using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Capture;

public sealed class CallSiteMemoryTests
{
    private static readonly SqlFingerprint Shape = SqlFingerprint.Of("SELECT * FROM members WHERE calendar_id = @id");
    private static readonly CallSite A = new() { Text = "App.A (A.cs:1)" };
    private static readonly CallSite B = new() { Text = "App.B (B.cs:2)" };

    [Fact]
    public void TryRecall_NeverSeenShape_AsksForAWalk()
    {
        var memory = new CallSiteMemory();
        Assert.False(memory.TryRecall(Shape, out var site));
        Assert.True(site.IsUnknown);
    }

    [Fact]
    public void TryRecall_ShapeFromOnePlace_RecallsItAndRechecksAtPowersOfTwoThenEvery1024Uses()
    {
        var memory = new CallSiteMemory();
        memory.Learn(Shape, A);
        var rechecks = new List<int>();
        for (var use = 1; use <= 5000; use++)
        {
            if (memory.TryRecall(Shape, out var site))
            {
                Assert.Equal(A, site);
            }
            else
            {
                rechecks.Add(use);
                memory.Learn(Shape, A);
            }
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3072, 4096], rechecks);
    }

    [Fact]
    public void TryRecall_ShapeSeenFromASecondPlace_WalksUntilSixteenWalksAgree()
    {
        var memory = new CallSiteMemory();
        memory.Learn(Shape, A);
        memory.Learn(Shape, B);
        for (var walk = 1; walk < CallSiteMemory.SettleAfter; walk++)
        {
            Assert.False(memory.TryRecall(Shape, out _));
            Assert.Null(memory.Trusted(Shape));
            memory.Learn(Shape, B);
        }

        Assert.Equal(B, memory.Trusted(Shape));
        var recalled = Enumerable.Range(0, 10).Count(_ => memory.TryRecall(Shape, out var site) && site.Equals(B));
        Assert.InRange(recalled, 6, 10);
    }

    [Fact]
    public void Learn_UnknownPlace_TeachesNothing()
    {
        var memory = new CallSiteMemory();
        memory.Learn(Shape, CallSite.Unknown);
        Assert.Null(memory.Trusted(Shape));
        Assert.False(memory.TryRecall(Shape, out _));
    }

    [Fact]
    public void ShouldWalk_OpensThatNeverYield_StopAfterTheFirst64()
    {
        var policy = new OpenCallSitePolicy();
        var walks = Enumerable.Range(0, 1000).Count(_ => policy.ShouldWalk());
        Assert.Equal(OpenCallSitePolicy.WalksAfterYield, walks);
    }

    [Fact]
    public void ShouldWalk_AfterAYield_Walks64OpensAgain()
    {
        var policy = new OpenCallSitePolicy();
        _ = Enumerable.Range(0, 1000).Count(_ => policy.ShouldWalk());
        policy.Yielded();
        Assert.Equal(OpenCallSitePolicy.WalksAfterYield, Enumerable.Range(0, 1000).Count(_ => policy.ShouldWalk()));
    }
}
