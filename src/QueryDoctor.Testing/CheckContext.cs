using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Testing;

/// <summary>What the checks judge: the scope, and its findings split into failing candidates, suppressed and baselined.</summary>
internal sealed class CheckContext
{
    public required QueryScope Scope { get; init; }

    /// <summary>Findings that are neither suppressed nor baselined: the ones that can fail a check.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    public required IReadOnlyList<SuppressedFinding> Suppressed { get; init; }

    public required IReadOnlyList<Finding> Baselined { get; init; }

    /// <summary>Findings already written out in full by an earlier check: later checks name them in one line.</summary>
    public HashSet<Finding> Listed { get; } = new(ReferenceEqualityComparer.Instance);
}
