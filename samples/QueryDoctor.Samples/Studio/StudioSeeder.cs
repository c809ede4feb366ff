using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Studio;

/// <summary>
/// Deterministic Studio data, as the cleanup job finds it each night: projects of the last 37 days (one
/// every few hours); completed projects older than 14 days were cleaned before (only their output is
/// left), failed projects older than 37 days were removed before. So the job has a few days' worth of
/// work: completed projects 7 to 14 days old and failed projects 30 to 37 days old.
/// </summary>
public static class StudioSeeder
{
    /// <summary>"Now" for the demo (UTC).</summary>
    public static readonly DateTime Now = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Projects seeded at a scale.</summary>
    /// <param name="scale">The data size multiplier.</param>
    /// <returns>The number of projects.</returns>
    public static int ProjectCount(int scale) => 300 * scale;

    /// <summary>Fills an empty Studio database and writes the files of projects at least 7 days old under <paramref name="root"/>.</summary>
    /// <param name="database">The database, with its tables created (and empty).</param>
    /// <param name="root">The studio's root folder for project files.</param>
    /// <param name="scale">The data size multiplier (1 or more).</param>
    public static void Seed(SampleDatabase database, string root, int scale)
    {
        ArgumentNullException.ThrowIfNull(database);
        var count = ProjectCount(scale);
        var projects = Enumerable.Range(1, count).Select(id => Describe(id, count)).ToList();
        database.BulkInsert("projects", ["id", "name", "status", "created_at", "updated_at"],
            projects.Select(p => new object?[] { p.Id, $"Project {p.Id}", p.Status, p.CreatedAt, p.UpdatedAt }));

        var assets = new List<object?[]>();
        foreach (var project in projects)
        {
            foreach (var type in AssetTypesOf(project))
            {
                assets.Add([assets.Count + 1, project.Id, type, AssetType.PathOf(project.Id, type), 1024L * (17 + (project.Id * 7 % 900))]);
                if (project.UpdatedAt <= Now.AddDays(-7))
                {
                    var file = Path.Combine(root, AssetType.PathOf(project.Id, type));
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, type);
                }
            }
        }

        database.BulkInsert("assets", ["id", "project_id", "type", "path", "size_bytes"], assets);
    }

    private static (int Id, string Status, DateTime CreatedAt, DateTime UpdatedAt) Describe(int id, int count)
    {
        // Ids grow older: project 1 is the newest. Every project gets a distinct time, so ordering is total.
        var created = Now.AddMinutes(-Math.Round(id * 37.0 * 24 * 60 / count) - 90);
        var status = (id % 10) switch
        {
            < 6 => ProjectStatus.Completed,
            6 => ProjectStatus.Failed,
            7 => ProjectStatus.Generating,
            _ => ProjectStatus.Draft,
        };
        var updated = created.AddMinutes(60);
        return (id, status, created, updated);
    }

    private static IEnumerable<string> AssetTypesOf((int Id, string Status, DateTime CreatedAt, DateTime UpdatedAt) project) =>
        project.Status switch
        {
            ProjectStatus.Completed when project.UpdatedAt < Now.AddDays(-14) => [AssetType.Output],
            ProjectStatus.Completed => AssetType.All,
            ProjectStatus.Draft => [AssetType.Script],
            _ => AssetType.All.Take(4),
        };
}
