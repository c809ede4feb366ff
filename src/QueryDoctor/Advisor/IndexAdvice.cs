namespace QueryDoctor.Advisor;

/// <summary>What the advisor concluded: its recommendations and the <c>missing-index</c> findings that state them.</summary>
public sealed record IndexAdvice
{
    /// <summary>The recommended indexes, most valuable first.</summary>
    public required IReadOnlyList<IndexRecommendation> Recommendations { get; init; }

    /// <summary>One <c>missing-index</c> finding per recommendation.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Statement shapes explained.</summary>
    public int StatementsExplained { get; init; }

    /// <summary>Why candidates were dropped, for people who wonder why an index was not recommended.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
