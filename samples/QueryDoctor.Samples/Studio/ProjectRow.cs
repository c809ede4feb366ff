namespace QueryDoctor.Samples.Studio;

/// <summary>One row of the project list.</summary>
/// <param name="Id">The project.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">Its status.</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
/// <param name="AssetTypes">The types of its assets, by asset id (the row's badges).</param>
public sealed record ProjectRow(int Id, string Name, string Status, DateTime UpdatedAt, IReadOnlyList<string> AssetTypes);
