namespace QueryDoctor.Samples.DateTree;

/// <summary>A list on the calendar page.</summary>
/// <param name="Title">The list's title.</param>
/// <param name="Items">Its items, by id.</param>
public sealed record ListSummary(string Title, IReadOnlyList<ItemSummary> Items);
