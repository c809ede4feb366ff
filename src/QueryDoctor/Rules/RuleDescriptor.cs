namespace QueryDoctor.Rules;

/// <summary>What a rule is: its id, kind, default severity, threshold and description (for help, SARIF and docs).</summary>
public sealed record RuleDescriptor
{
    /// <summary>The stable rule id (see <see cref="RuleIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Where the rule gets what it judges.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>The severity unless configured otherwise.</summary>
    public required Severity DefaultSeverity { get; init; }

    /// <summary>A short title.</summary>
    public required string Title { get; init; }

    /// <summary>What the rule finds and why it matters, in one line.</summary>
    public required string Description { get; init; }

    /// <summary>The default threshold, or <see langword="null"/> when the rule has none.</summary>
    public RuleThreshold? Threshold { get; init; }
}
