namespace QueryDoctor.Capture;

/// <summary>What live capture does with the findings of a finished scope.</summary>
public enum QueryDoctorMode
{
    /// <summary>Log findings (and deliver them to the callback, store and event log). The default.</summary>
    Development = 0,

    /// <summary>
    /// As <see cref="Development"/>, and disposing a scope with findings at or above
    /// <see cref="QueryDoctorOptions.FailOnSeverity"/> throws <see cref="QueryDoctorException"/>: a test fails.
    /// </summary>
    Test = 1,

    /// <summary>
    /// Sampled scopes (<see cref="QueryDoctorOptions.SampleRate"/>), higher default thresholds
    /// (<see cref="QueryDoctorOptions.ProductionDetectionDefaults"/>) and never any parameter values.
    /// </summary>
    Production = 2,
}
