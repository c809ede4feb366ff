using QueryDoctor.Recording;

namespace QueryDoctor.Analysis;

/// <summary>
/// One instance kept per scope name to be drawn (a report's waterfall "example instance 4bf92f35…"): the instance
/// with the most findings, then the most statements, first come first kept. Only its totals and its bounded
/// statement timeline are kept, never its statement groups or raw events, so memory stays
/// O(scope names × the waterfall's bar limit) however many instances are read.
/// </summary>
public sealed record ScopeExample
{
    /// <summary>The instance: name, id, totals and the statements' time axis (its groups and raw events are not kept).</summary>
    public required QueryScope Instance { get; init; }

    /// <summary>The instance's own findings (not aggregated across instances): the waterfall groups their bars.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }
}
