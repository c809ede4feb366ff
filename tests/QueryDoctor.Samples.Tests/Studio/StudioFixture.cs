using QueryDoctor.Samples.Studio;
using QueryDoctor.Samples.Tests.Infrastructure;

namespace QueryDoctor.Samples.Tests.Studio;

/// <summary>A seeded Studio database (scale 1) with its project files.</summary>
public sealed class StudioFixture : IDisposable
{
    public StudioFixture()
    {
        Test = new TestDatabase("studio");
        using (var context = Create())
        {
            Test.Database.CreateTables(context);
        }

        Root = Path.Combine(Test.Folder, "files");
        StudioSeeder.Seed(Test.Database, Root, 1);
        Naive = new NaiveStudioService(Create, Root);
        Optimised = new OptimisedStudioService(Create, Root);
    }

    public TestDatabase Test { get; }

    public string Root { get; }

    public NaiveStudioService Naive { get; }

    public OptimisedStudioService Optimised { get; }

    public StudioContext Create() => new(Test.Database.Options<StudioContext>());

    public int Files() => Directory.Exists(Root) ? Directory.GetFiles(Root, "*", SearchOption.AllDirectories).Length : 0;

    public void Dispose() => Test.Dispose();
}
