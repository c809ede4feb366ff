namespace QueryDoctor.Detection;

/// <summary>
/// Judges one finished scope. A detector is a pure function of its context: no I/O, no clock, no
/// shared mutable state. A detector that throws is reported and skipped; it never breaks the host.
/// </summary>
public interface IScopeDetector
{
    /// <summary>Finds problems in one scope.</summary>
    /// <param name="context">The scope and the options in force.</param>
    /// <returns>The findings; empty when the scope is clean.</returns>
    IEnumerable<Finding> Detect(ScopeDetectionContext context);
}
