using QueryDoctor.Testing;
using Shouldly;

namespace QueryDoctor.Samples.Tests.Studio;

/// <summary>Studio's project list as test assertions: two queries whatever the page size, no N+1.</summary>
public sealed class StudioQueryBudgetTests(StudioFixture fixture) : IClassFixture<StudioFixture>
{
    private Capture.QueryCapture Capture => fixture.Test.Database.Capture;

    [Fact]
    public void ListProjects_Optimised_TwoQueriesNoNPlusOne()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(2).NoNPlusOne());
        fixture.Optimised.ListProjects(1, 20).Rows.Count.ShouldBe(20);
    }

    [Fact]
    public void ListProjects_Optimised_ConstantInThePageSize() =>
        QueryDoctorTest.AssertConstantQueries(Capture, sizes: (5, 40), setup: null, act: size => fixture.Optimised.ListProjects(1, size));

    [Fact]
    public void ListProjects_Naive_FailsNoNPlusOneAtTheAssetLoad()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.Verify(Capture, e => e.NoNPlusOne(), () => fixture.Naive.ListProjects()));

        error.Message.ShouldContain("  - no N+1: 1 finding");
        error.Message.ShouldContain("at QueryDoctor.Samples.Studio.NaiveStudioService.ListProjects (NaiveStudioService.cs:");
    }
}
