using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Capture;

/// <summary>
/// A finished scope and its findings: what the callback, the in-memory store and the logger receive.
/// One argument object, so new data never breaks a callback's signature.
/// </summary>
public sealed class ScopeReport
{
    internal ScopeReport(QueryScope scope, IReadOnlyList<Finding> findings, DateTimeOffset completedAt, IReadOnlyList<SuppressedFinding>? suppressed = null)
    {
        Scope = scope;
        Findings = findings;
        Suppressed = suppressed ?? [];
        CompletedAt = completedAt;
    }

    /// <summary>The scope's name.</summary>
    public string Name => Scope.Name;

    /// <summary>The finished scope: grouped statements and a bounded sample of raw events.</summary>
    public QueryScope Scope { get; }

    /// <summary>The findings, in rule order; empty when the scope was clean.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>
    /// Findings taken out of <see cref="Findings"/> by <see cref="DetectionOptions.Suppressions"/> or a
    /// <c>querydoctor:allow</c> comment, with what suppressed each; empty when none were.
    /// </summary>
    public IReadOnlyList<SuppressedFinding> Suppressed { get; }

    /// <summary>When the scope ended (from <see cref="QueryDoctorOptions.TimeProvider"/>).</summary>
    public DateTimeOffset CompletedAt { get; }
}
