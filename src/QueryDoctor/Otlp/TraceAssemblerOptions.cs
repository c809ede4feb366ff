namespace QueryDoctor.Otlp;

/// <summary>Bounds and timing of the trace assembly.</summary>
public sealed record TraceAssemblerOptions
{
    /// <summary>Traces open at once; past it the least recently active trace is judged (or dropped without a root).</summary>
    public int MaxOpenTraces { get; init; } = 10_000;

    /// <summary>Spans kept per trace; later ones are counted and dropped.</summary>
    public int MaxSpansPerTrace { get; init; } = 10_000;

    /// <summary>Spans kept over all open traces; past it the least recently active trace is judged or dropped.</summary>
    public int MaxOpenSpans { get; init; } = 1_000_000;

    /// <summary>A trace whose root has arrived is judged once no span arrived for this long.</summary>
    public TimeSpan TraceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A trace whose root never arrives is released (its statements orphans) after this long without a span.</summary>
    public TimeSpan OrphanTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Judged trace ids remembered so that their late spans are counted, not judged again.</summary>
    public int RememberedTraces { get; init; } = 10_000;
}
