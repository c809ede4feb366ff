namespace QueryDoctor;

/// <summary>How much a finding matters. Ordered: <see cref="Info"/> &lt; <see cref="Warning"/> &lt; <see cref="Error"/>.</summary>
public enum Severity
{
    /// <summary>Worth knowing; rarely worth failing a build for.</summary>
    Info = 0,

    /// <summary>A real cost that should be fixed.</summary>
    Warning = 1,

    /// <summary>A cost that must be fixed.</summary>
    Error = 2,
}
