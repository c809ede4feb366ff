namespace QueryDoctor.Detection;

/// <summary>A finding taken out of the results by a suppression, with what suppressed it.</summary>
public sealed record SuppressedFinding
{
    /// <summary>The finding as the detector reported it.</summary>
    public required Finding Finding { get; init; }

    /// <summary>
    /// What suppressed it: the configured <see cref="Suppression"/>'s description, or
    /// <c>tag querydoctor:allow RULE</c> for a comment in the statement.
    /// </summary>
    public required string By { get; init; }
}
