namespace QueryDoctor.Samples.Studio;

/// <summary>What a cleanup run removed.</summary>
/// <param name="AssetsDeleted">Asset rows deleted (intermediate ones, and all of the failed projects').</param>
/// <param name="ProjectsDeleted">Failed projects deleted.</param>
/// <param name="FilesDeleted">Files deleted from disk.</param>
public sealed record CleanupResult(int AssetsDeleted, int ProjectsDeleted, int FilesDeleted);
