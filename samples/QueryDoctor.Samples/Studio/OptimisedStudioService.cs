using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.Samples.Studio;

/// <summary>Studio's data access as the team ended with it: paginated projections, set-based deletes.</summary>
/// <param name="createContext">Opens a context (one per call, as a request would).</param>
/// <param name="root">The studio's root folder for project files.</param>
public sealed class OptimisedStudioService(Func<StudioContext> createContext, string root)
{
    /// <summary>
    /// One page of the project list in two queries: an efficient count, then the page (LIMIT/OFFSET) projected
    /// to the columns shown, with the assets' types loaded in the same query.
    /// </summary>
    /// <param name="page">The page number, from 1.</param>
    /// <param name="pageSize">Rows per page.</param>
    /// <returns>The page.</returns>
    public ProjectPage ListProjects(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        using var context = createContext();
        var total = context.Projects.Count();
        var rows = context.Projects
            .AsNoTracking()
            .OrderByDescending(p => p.UpdatedAt)
            .ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(p => new ProjectRow(p.Id, p.Name, p.Status, p.UpdatedAt, p.Assets.OrderBy(a => a.Id).Select(a => a.Type).ToList()))
            .ToList();
        return new ProjectPage(total, page, pageSize, rows);
    }

    /// <summary>
    /// The nightly cleanup in three statements: read the paths of the doomed files, then delete the asset
    /// rows and the failed projects with set-based <c>ExecuteDelete</c> in one transaction, then the files.
    /// </summary>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="options">Retention periods; defaults when <see langword="null"/>.</param>
    /// <returns>What was removed.</returns>
    public CleanupResult Cleanup(DateTime now, CleanupOptions? options = null)
    {
        options ??= new CleanupOptions();
        var completedBefore = now - options.CompletedRetention;
        var failedBefore = now - options.FailedRetention;
        Expression<Func<Asset, bool>> doomed = a =>
            (a.Project.Status == ProjectStatus.Completed && a.Project.UpdatedAt < completedBefore && a.Type != AssetType.Output)
            || (a.Project.Status == ProjectStatus.Failed && a.Project.UpdatedAt < failedBefore);

        using var context = createContext();
        var paths = context.Assets.Where(doomed).Select(a => a.Path).ToList();
        int assets, projects;
        using (var transaction = context.Database.BeginTransaction())
        {
            assets = context.Assets.Where(doomed).ExecuteDelete();
            projects = context.Projects.Where(p => p.Status == ProjectStatus.Failed && p.UpdatedAt < failedBefore).ExecuteDelete();
            transaction.Commit();
        }

        // Files go once the rows are gone: a crash in between leaves orphan files, never rows pointing at nothing.
        var files = paths.Sum(path => StudioFiles.Delete(root, path));
        return new CleanupResult(assets, projects, files);
    }
}
