namespace QueryDoctor.Detection;

/// <summary>What a rule is: its id, default severity and a one-line description (for help, SARIF and docs).</summary>
/// <param name="Id">The stable rule id.</param>
/// <param name="DefaultSeverity">The severity unless configured otherwise.</param>
/// <param name="Title">A short title.</param>
/// <param name="Description">What the rule finds and why it matters.</param>
/// <param name="ThresholdName">What the rule's threshold measures, or <see langword="null"/> when it has none.</param>
public sealed record RuleDescriptor(string Id, Severity DefaultSeverity, string Title, string Description, string? ThresholdName);
