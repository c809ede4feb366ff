namespace QueryDoctor.Rules;

/// <summary>A rule's default threshold: the number, what it counts, and when the rule fires, in words.</summary>
public sealed record RuleThreshold
{
    /// <summary>The default value, in <see cref="Unit"/> (e.g. 3, 500).</summary>
    public required double Value { get; init; }

    /// <summary>What the value counts: <c>statements</c>, <c>round trips</c>, <c>ms</c>, <c>rows</c> or <c>indexes</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>When the rule fires, in words (e.g. <c>at least 3 statements</c>, <c>more than 30 statements</c>).</summary>
    public required string Text { get; init; }

    /// <summary>How the command line changes it (e.g. <c>--threshold n-plus-one=N</c>).</summary>
    public required string Option { get; init; }
}
