using QueryDoctor.Capture;
using QueryDoctor.Samples.Tests.Infrastructure;
using QueryDoctor.Samples.Studio;
using Shouldly;

namespace QueryDoctor.Samples.Tests.Studio;

/// <summary>Studio's generation job: keyset batches instead of loading every project, bounded concurrency, one save per batch.</summary>
public sealed class AssetGenerationTests
{
    [Fact]
    public void StreamProjectIds_KeysetBatches_EveryProjectOnceAndNoNPlusOne()
    {
        using var studio = new StudioFixture();
        var generation = new AssetGeneration(studio.Create, new FakeAssetGenerator(studio.Root));
        using var context = studio.Create();
        var drafts = context.Projects.Where(p => p.Status == ProjectStatus.Draft).OrderBy(p => p.Id).Select(p => p.Id).ToList();

        var streamed = studio.Test.Record(() => generation.StreamProjectIds(ProjectStatus.Draft, 7).ToList());

        var batches = streamed.ResultAs<List<IReadOnlyList<int>>>();
        batches.SelectMany(b => b).ShouldBe(drafts);
        batches.ShouldAllBe(b => b.Count <= 7);
        // One query per batch, plus the one that finds nothing more.
        streamed.Queries.ShouldBe(batches.Count + 1);
        batches.Count.ShouldBe((drafts.Count + 6) / 7);
        streamed.Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task GenerateDraftAssetsAsync_NeverMoreThanTheBoundAtOnce(int maxConcurrency)
    {
        using var studio = new StudioFixture();
        var generator = new FakeAssetGenerator(studio.Root);
        var generation = new AssetGeneration(studio.Create, generator);
        int drafts;
        using (var context = studio.Create())
        {
            drafts = context.Projects.Count(p => p.Status == ProjectStatus.Draft);
        }

        var generated = await generation.GenerateDraftAssetsAsync(batchSize: 25, maxConcurrency, TestContext.Current.CancellationToken);

        generated.ShouldBe(drafts * 3);
        generator.Generated.ShouldBe(generated);
        generator.MaxConcurrency.ShouldBeInRange(1, maxConcurrency);
        using var after = studio.Create();
        after.Assets.Count(a => a.Project.Status == ProjectStatus.Draft).ShouldBe(drafts * 4);
    }

    [Fact]
    public async Task GenerateDraftAssetsAsync_OneSavePerBatch_NoWriteLoopFinding()
    {
        using var studio = new StudioFixture();
        var generation = new AssetGeneration(studio.Create, new FakeAssetGenerator(studio.Root));
        var generationScope = QueryDoctorScope.Begin("generation");
        try
        {
            await generation.GenerateDraftAssetsAsync(batchSize: 30, maxConcurrency: 4, TestContext.Current.CancellationToken);
        }
        finally
        {
            generationScope.Dispose();
        }

        var recording = TestDatabase.Recorded(generationScope);
        var scope = recording.Scope;
        var findings = recording.Findings;

        // SQLite's provider sends one INSERT per row, but all rows of a batch share one SaveChanges: one round trip.
        // 60 drafts in batches of 30: 3 keyset queries (the last finds nothing) and 2 saves of 90 rows each.
        scope.Events.Count(e => e.Sql.StartsWith("INSERT", StringComparison.Ordinal)).ShouldBe(180);
        scope.RoundTrips.ShouldBe(3 + 2);
        findings.ShouldBeEmpty();
    }
}
