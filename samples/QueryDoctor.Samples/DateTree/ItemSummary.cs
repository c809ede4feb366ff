namespace QueryDoctor.Samples.DateTree;

/// <summary>An item and its vote count.</summary>
/// <param name="Title">The item's title.</param>
/// <param name="Votes">Votes cast for it.</param>
public sealed record ItemSummary(string Title, int Votes);
