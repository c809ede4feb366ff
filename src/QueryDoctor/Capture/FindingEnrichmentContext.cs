using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Capture;

/// <summary>
/// What an <see cref="IFindingEnricher"/> is given when a scope ends: one argument, so new data never breaks the
/// interface. A struct, so enriching a scope allocates nothing of its own.
/// </summary>
#pragma warning disable CA1815 // Never compared: an argument, not a value.
public readonly struct FindingEnrichmentContext
#pragma warning restore CA1815
{
    private readonly ScopeRecording _recording;

    internal FindingEnrichmentContext(QueryScope scope, IReadOnlyList<Finding> findings, ScopeRecording recording, DetectionOptions detection)
    {
        Scope = scope;
        Findings = findings;
        Detection = detection;
        _recording = recording;
    }

    /// <summary>The finished scope: its statement groups and (when kept) raw events.</summary>
    public QueryScope Scope { get; }

    /// <summary>The findings so far: the detectors', as reworded by the enrichers that ran before this one.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The capture's detection settings in force (rules on or off, thresholds), e.g. to add a finding only for a rule that is on.</summary>
    public DetectionOptions Detection { get; }

    /// <summary>
    /// The note the commands behind <paramref name="finding"/> left with <see cref="CapturedCommand.Note"/> (the first
    /// for its statement shape at its call site), or <see langword="null"/>.
    /// </summary>
    /// <param name="finding">A finding of this scope.</param>
    /// <returns>The note, or <see langword="null"/>.</returns>
    public string? NoteFor(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _recording?.NoteFor(finding.Fingerprint, finding.CallSite);
    }
}
