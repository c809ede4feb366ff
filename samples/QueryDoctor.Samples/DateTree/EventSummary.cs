namespace QueryDoctor.Samples.DateTree;

/// <summary>An event as listed.</summary>
/// <param name="Title">The event's title.</param>
/// <param name="Start">When it starts (UTC).</param>
public sealed record EventSummary(string Title, DateTime Start);
