namespace QueryDoctor.Otlp;

/// <summary>What was read from OpenTelemetry traces, for a report's summary: how much, and what could not be judged.</summary>
public sealed record TraceInputSummary
{
    /// <summary>Spans received (every kind).</summary>
    public long Spans { get; init; }

    /// <summary>Distinct traces received.</summary>
    public long Traces { get; init; }

    /// <summary>Scope instances judged (one per local root span).</summary>
    public long Instances { get; init; }

    /// <summary>Database statements under no local root span (the root was never received, or the statement had no parent).</summary>
    public long OrphanStatements { get; init; }

    /// <summary>Traces still open when the bound on open traces or spans was reached, judged before their time.</summary>
    public long JudgedEarly { get; init; }

    /// <summary>Traces dropped without a root when the bound was reached (their statements count as orphans too).</summary>
    public long DroppedTraces { get; init; }

    /// <summary>Spans dropped because their trace had reached the per-trace bound.</summary>
    public long DroppedSpans { get; init; }

    /// <summary>Spans that arrived after their trace had been judged (not judged again).</summary>
    public long LateSpans { get; init; }

    /// <summary>Traces open (received, not judged yet) when the summary was taken.</summary>
    public long OpenTraces { get; init; }
}
