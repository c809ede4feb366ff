namespace QueryDoctor.Samples.Studio;

/// <summary>Studio's data access as the team first wrote it: every project on one page, rows deleted one by one.</summary>
/// <param name="createContext">Opens a context (one per call, as a request would).</param>
/// <param name="root">The studio's root folder for project files.</param>
public sealed class NaiveStudioService(Func<StudioContext> createContext, string root)
{
    /// <summary>The project list: every project, each project's assets lazy-loaded for its badges (1 + projects queries).</summary>
    /// <returns>One page holding every project.</returns>
    public ProjectPage ListProjects()
    {
        using var context = createContext();
        var projects = context.Projects.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id).ToList();
        var rows = projects
            .Select(p => new ProjectRow(p.Id, p.Name, p.Status, p.UpdatedAt, p.Assets.OrderBy(a => a.Id).Select(a => a.Type).ToList()))
            .ToList();
        return new ProjectPage(rows.Count, 1, rows.Count, rows);
    }

    /// <summary>
    /// The nightly cleanup: loads the projects concerned, lazy-loads each one's assets, and deletes file and
    /// row one at a time, one <c>SaveChanges</c> per row.
    /// </summary>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="options">Retention periods; defaults when <see langword="null"/>.</param>
    /// <returns>What was removed.</returns>
    public CleanupResult Cleanup(DateTime now, CleanupOptions? options = null)
    {
        options ??= new CleanupOptions();
        using var context = createContext();
        int assets = 0, projects = 0, files = 0;
        var completedBefore = now - options.CompletedRetention;
        foreach (var project in context.Projects.Where(p => p.Status == ProjectStatus.Completed && p.UpdatedAt < completedBefore).ToList())
        {
            foreach (var asset in project.Assets.Where(a => a.Type != AssetType.Output).ToList())
            {
                files += StudioFiles.Delete(root, asset.Path);
                context.Assets.Remove(asset);
                context.SaveChanges();
                assets++;
            }
        }

        var failedBefore = now - options.FailedRetention;
        foreach (var project in context.Projects.Where(p => p.Status == ProjectStatus.Failed && p.UpdatedAt < failedBefore).ToList())
        {
            foreach (var asset in project.Assets.ToList())
            {
                files += StudioFiles.Delete(root, asset.Path);
                context.Assets.Remove(asset);
                context.SaveChanges();
                assets++;
            }

            context.Projects.Remove(project);
            context.SaveChanges();
            projects++;
        }

        return new CleanupResult(assets, projects, files);
    }
}
