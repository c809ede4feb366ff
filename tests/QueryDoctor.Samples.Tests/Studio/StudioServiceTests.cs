using QueryDoctor.Detection;
using QueryDoctor.Rules;
using QueryDoctor.Samples.Studio;
using Shouldly;

namespace QueryDoctor.Samples.Tests.Studio;

/// <summary>Studio's success criteria: the project list paginated and N+1 free; the cleanup set-based.</summary>
public sealed class StudioServiceTests(StudioFixture fixture) : IClassFixture<StudioFixture>
{
    [Fact]
    public void ListProjects_Naive_EveryProjectAndAnAssetQueryEach()
    {
        var naive = fixture.Test.Record(fixture.Naive.ListProjects);

        naive.Queries.ShouldBe(1 + StudioSeeder.ProjectCount(1));
        naive.Rules.ShouldBe([RuleIds.NPlusOne, RuleIds.TooManyQueries], ignoreOrder: true);
        naive.Findings.Single(f => f.Rule == RuleIds.NPlusOne).Table.ShouldBe("assets");
    }

    [Fact]
    public void ListProjects_Optimised_PaginatedNPlusOneFreeSameRows()
    {
        var optimised = fixture.Test.Record(() => fixture.Optimised.ListProjects(2, 20));
        var all = fixture.Naive.ListProjects();

        optimised.Queries.ShouldBe(2);
        optimised.Findings.ShouldBeEmpty();
        optimised.Sql.ShouldContain(sql => sql.Contains("LIMIT", StringComparison.Ordinal) && sql.Contains("OFFSET", StringComparison.Ordinal));
        var page = optimised.ResultAs<ProjectPage>();
        page.Total.ShouldBe(StudioSeeder.ProjectCount(1));
        page.Rows.Count.ShouldBe(20);
        Render(page.Rows).ShouldBe(Render(all.Rows.Skip(20).Take(20)));
    }

    [Fact]
    public void Cleanup_BothVersions_RemoveTheSameRowsAndFiles()
    {
        using var naiveCopy = new StudioFixture();
        using var optimisedCopy = new StudioFixture();
        var filesBefore = naiveCopy.Files();

        var naive = naiveCopy.Test.Record(() => naiveCopy.Naive.Cleanup(StudioSeeder.Now));
        var optimised = optimisedCopy.Test.Record(() => optimisedCopy.Optimised.Cleanup(StudioSeeder.Now));

        var removed = optimised.ResultAs<CleanupResult>();
        removed.ShouldBe(naive.ResultAs<CleanupResult>());
        removed.ProjectsDeleted.ShouldBeGreaterThan(0);
        removed.AssetsDeleted.ShouldBeGreaterThan(removed.ProjectsDeleted);
        removed.FilesDeleted.ShouldBe(removed.AssetsDeleted);
        optimisedCopy.Files().ShouldBe(filesBefore - removed.FilesDeleted);
        naiveCopy.Files().ShouldBe(optimisedCopy.Files());

        optimised.Queries.ShouldBe(3);
        optimised.Findings.ShouldBeEmpty();
        optimised.Sql.Count(sql => sql.StartsWith("DELETE", StringComparison.Ordinal)).ShouldBe(2);
        naive.Rules.ShouldContain(RuleIds.NPlusOneWrite);
        naive.Rules.ShouldContain(RuleIds.NPlusOne);
    }

    [Fact]
    public void Cleanup_Optimised_KeepsOutputsAndRecentProjects()
    {
        using var copy = new StudioFixture();
        copy.Optimised.Cleanup(StudioSeeder.Now);
        using var context = copy.Create();
        var weekAgo = StudioSeeder.Now.AddDays(-7);
        var monthAgo = StudioSeeder.Now.AddDays(-30);

        context.Assets.Count(a => a.Project.Status == ProjectStatus.Completed && a.Project.UpdatedAt < weekAgo && a.Type != AssetType.Output).ShouldBe(0);
        context.Projects.Count(p => p.Status == ProjectStatus.Failed && p.UpdatedAt < monthAgo).ShouldBe(0);
        context.Assets.Count(a => a.Type == AssetType.Output && a.Project.Status == ProjectStatus.Completed)
            .ShouldBe(context.Projects.Count(p => p.Status == ProjectStatus.Completed));
        context.Assets.Count(a => a.Project.UpdatedAt >= weekAgo && a.Type != AssetType.Output).ShouldBeGreaterThan(0);
    }

    private static string Render(IEnumerable<ProjectRow> rows) =>
        string.Join("\n", rows.Select(r => $"{r.Id}|{r.Name}|{r.Status}|{r.UpdatedAt:O}|{string.Join(",", r.AssetTypes)}"));
}
