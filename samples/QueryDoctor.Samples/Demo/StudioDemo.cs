using QueryDoctor.Samples.Infrastructure;
using QueryDoctor.Samples.Studio;

namespace QueryDoctor.Samples.Demo;

/// <summary>Studio's scenarios: the project list and the nightly cleanup (data and files restored before every run).</summary>
/// <param name="folder">The demo's temporary folder; project files go under <c>studio-files</c> in it.</param>
internal sealed class StudioDemo(string folder) : IDemoSystem
{
    private int _scale = 1;

    public string Name => "studio";

    public string Title => "Studio";

    public string Root => Path.Combine(folder, "studio-files");

    public void Seed(SampleDatabase database, int scale)
    {
        _scale = scale;
        using (var context = Create(database))
        {
            database.CreateTables(context);
        }

        StudioSeeder.Seed(database, Root, scale);
    }

    public IEnumerable<DemoScenario> Scenarios(SampleDatabase database, int scale)
    {
        var naive = new NaiveStudioService(() => Create(database), Root);
        var optimised = new OptimisedStudioService(() => Create(database), Root);
        yield return new DemoScenario
        {
            Id = "studio.project-list",
            Title = "Project list page (naive: every project on one page)",
            Naive = () => naive.ListProjects(),
            Optimised = () => optimised.ListProjects(1, 20),
        };
        yield return new DemoScenario
        {
            Id = "studio.cleanup",
            Title = "Nightly cleanup: intermediate assets after 7 days, failed projects after 30",
            Naive = () => naive.Cleanup(StudioSeeder.Now),
            Optimised = () => optimised.Cleanup(StudioSeeder.Now),
            Prepare = () => Reset(database),
        };
    }

    private void Reset(SampleDatabase database)
    {
        database.Execute("DELETE FROM assets; DELETE FROM projects");
        StudioSeeder.Seed(database, Root, _scale);
    }

    internal static StudioContext Create(SampleDatabase database) => new(database.Options<StudioContext>());
}
