namespace QueryDoctor.Samples.Studio;

/// <summary>A page of the project list, most recently changed first.</summary>
/// <param name="Total">Projects in all.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Rows">The page's rows.</param>
public sealed record ProjectPage(int Total, int Page, int PageSize, IReadOnlyList<ProjectRow> Rows);
