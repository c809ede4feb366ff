using QueryDoctor.Capture;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

/// <summary>
/// What <see cref="QueryCapture.RecentScopes"/> keeps: every recent scope with findings up to
/// <see cref="QueryDoctorOptions.RecentScopeCapacity"/>, and only the newest clean ones
/// (<see cref="QueryDoctorOptions.RecentCleanScopeCapacity"/>), all in the order they finished.
/// </summary>
public sealed class RecentScopesTests
{
    [Fact]
    public void RecentScopes_ManyCleanScopes_KeepsTheNewestCleanOnesAndEveryScopeWithFindings()
    {
        using var capture = new QueryCapture();
        for (var i = 0; i < 30; i++)
        {
            Run(capture, "scope " + i, withFindings: i % 10 == 3);
        }

        // The default keeps the 10 newest clean scopes (19-29 but 23) and the three with findings, in finishing order.
        capture.RecentScopes.Select(r => r.Name).ShouldBe(
            ["scope 3", "scope 13", "scope 19", "scope 20", "scope 21", "scope 22", "scope 23", "scope 24", "scope 25", "scope 26", "scope 27", "scope 28", "scope 29"]);
        capture.RecentScopes.Where(r => r.Findings.Count > 0).Select(r => r.Name).ShouldBe(["scope 3", "scope 13", "scope 23"]);
        capture.RecentFindings.ShouldAllBe(f => f.Rule == RuleIds.NPlusOne);
    }

    [Fact]
    public void RecentScopes_CleanCapacityRaised_KeepsEveryCleanScopeUpToTheTotal()
    {
        using var capture = new QueryCapture(new QueryDoctorOptions { RecentScopeCapacity = 5, RecentCleanScopeCapacity = 5 });
        for (var i = 0; i < 8; i++)
        {
            Run(capture, "scope " + i, withFindings: i == 4);
        }

        // The total bound drops the oldest scope of either kind.
        capture.RecentScopes.Select(r => r.Name).ShouldBe(["scope 3", "scope 4", "scope 5", "scope 6", "scope 7"]);
    }

    [Fact]
    public void RecentScopes_FindingsBeyondTheTotal_DropTheOldestScopeWhateverItsKind()
    {
        using var capture = new QueryCapture(new QueryDoctorOptions { RecentScopeCapacity = 3, RecentCleanScopeCapacity = 2 });
        Run(capture, "clean 0", withFindings: false);
        Run(capture, "finding 1", withFindings: true);
        Run(capture, "clean 2", withFindings: false);
        Run(capture, "finding 3", withFindings: true);
        Run(capture, "finding 4", withFindings: true);

        capture.RecentScopes.Select(r => r.Name).ShouldBe(["clean 2", "finding 3", "finding 4"]);
    }

    [Fact]
    public void RecentScopes_NoCleanCapacity_KeepsOnlyScopesWithFindings()
    {
        using var capture = new QueryCapture(new QueryDoctorOptions { RecentCleanScopeCapacity = 0 });
        Run(capture, "clean", withFindings: false);
        Run(capture, "finding", withFindings: true);

        capture.RecentScopes.ShouldHaveSingleItem().Name.ShouldBe("finding");
        capture.ClearRecentScopes();
        capture.RecentScopes.ShouldBeEmpty();
    }

    /// <summary>A scope of one statement, or of the same statement six times (an N+1) when it should have findings.</summary>
    private static void Run(QueryCapture capture, string name, bool withFindings)
    {
        using var scope = QueryDoctorScope.Begin(name);
        for (var i = 0; i < (withFindings ? 6 : 1); i++)
        {
            var command = capture.BeginCommand("SELECT title FROM books WHERE author_id = @id", [new QueryParameter("@id", i)]);
            command?.Executed();
            command?.Finish(rows: 1);
        }
    }
}
