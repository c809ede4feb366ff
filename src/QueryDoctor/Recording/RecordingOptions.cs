namespace QueryDoctor.Recording;

/// <summary>
/// What a <see cref="QueryScopeBuilder"/> keeps and counts while it records: the bounds on its memory and the duration
/// from which a statement counts as slow. <c>QueryDoctor.Detection.DetectionOptions</c> holds one (its
/// <c>MaxEventsPerScope</c>, <c>MaxDistinctValuesPerStatement</c> and <c>SlowQueryThreshold</c> read and write it), so
/// recording needs nothing from the rules.
/// </summary>
public sealed class RecordingOptions
{
    /// <summary>The defaults (shared; not to be changed).</summary>
    internal static RecordingOptions Default { get; } = new();

    /// <summary>Raw events kept per scope for reports and dashboards (default 1000; 0 keeps none).</summary>
    public int MaxEventsPerScope { get; set; } = 1000;

    /// <summary>Distinct value sets tracked per statement group (default 10,000); later ones count as distinct.</summary>
    public int MaxDistinctValuesPerStatement { get; set; } = 10_000;

    /// <summary>A statement at or above this duration is counted as slow in its group (default 500 ms).</summary>
    public TimeSpan SlowQueryThreshold { get; set; } = TimeSpan.FromMilliseconds(500);
}
