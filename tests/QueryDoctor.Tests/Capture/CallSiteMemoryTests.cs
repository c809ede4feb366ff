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

    [Fact]
    public void Gate_OpenWhileAPolicyHasWalksLeft_ClosedWhenAllAreSpent()
    {
        var gate = new OpenCallSitePolicy.Gate();
        var first = new OpenCallSitePolicy(gate);
        var second = new OpenCallSitePolicy(gate);
        Assert.True(gate.IsOpen);

        _ = Enumerable.Range(0, 1000).Count(_ => first.ShouldWalk());
        Assert.True(gate.IsOpen);
        _ = Enumerable.Range(0, 1000).Count(_ => second.ShouldWalk());
        Assert.False(gate.IsOpen);

        second.Yielded();
        Assert.True(gate.IsOpen);
        second.Yielded();
        _ = Enumerable.Range(0, OpenCallSitePolicy.WalksAfterYield).Count(_ => second.ShouldWalk());
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public void Gate_RetiredPolicy_NoLongerHoldsItOpenNorWalks()
    {
        var gate = new OpenCallSitePolicy.Gate();
        var policy = new OpenCallSitePolicy(gate);
        policy.Retire();
        Assert.False(gate.IsOpen);
        Assert.False(policy.ShouldWalk());

        policy.Yielded();
        policy.Retire();
        Assert.False(gate.IsOpen);
        Assert.False(policy.ShouldWalk());
    }

    [Fact]
    public void Gate_PolicyWithoutWalks_NeverOpensItUntilAYield()
    {
        var gate = new OpenCallSitePolicy.Gate();
        var policy = new OpenCallSitePolicy(gate, walking: false);
        Assert.False(gate.IsOpen);
        Assert.False(policy.ShouldWalk());
    }

    [Fact]
    public void Gate_ConcurrentWalksAndYields_CountsEachPolicyOnce()
    {
        var gate = new OpenCallSitePolicy.Gate();
        var policies = Enumerable.Range(0, 4).Select(_ => new OpenCallSitePolicy(gate)).ToArray();
        Parallel.For(0, 40_000, i =>
        {
            var policy = policies[i % policies.Length];
            if (i % 97 == 0)
            {
                policy.Yielded();
            }
            else
            {
                policy.ShouldWalk();
            }
        });

        // Spend what is left: the gate closes exactly when every policy is out of walks.
        foreach (var policy in policies)
        {
            while (policy.ShouldWalk())
            {
            }
        }

        Assert.False(gate.IsOpen);
        policies[0].Yielded();
        Assert.True(gate.IsOpen);
    }
}
