namespace QueryDoctor;

/// <summary>
/// A finished unit of work (request, job, test, explicit scope) whose statements are judged together:
/// its statements grouped by fingerprint and call site, plus a bounded sample of the raw events.
/// Immutable once built.
/// </summary>
public sealed class QueryScope
{
    internal QueryScope(
        string name,
        IReadOnlyList<StatementGroup> groups,
        IReadOnlyList<QueryEvent> events,
        int statementCount,
        int roundTrips,
        TimeSpan totalDuration,
        bool allTimestamped,
        TimeSpan? duration,
        int? status)
    {
        Name = name;
        Groups = groups;
        Events = events;
        StatementCount = statementCount;
        RoundTrips = roundTrips;
        TotalDuration = totalDuration;
        AllTimestamped = allTimestamped;
        Duration = duration;
        Status = status;
    }

    /// <summary>The scope's name, e.g. <c>GET /calendars/{id}</c> or <c>job:cleanup</c>.</summary>
    public string Name { get; }

    /// <summary>The statements grouped by fingerprint and call site, in order of first execution.</summary>
    public IReadOnlyList<StatementGroup> Groups { get; }

    /// <summary>
    /// The first raw events of the scope, up to the builder's bound (empty when raw events are not kept).
    /// </summary>
    public IReadOnlyList<QueryEvent> Events { get; }

    /// <summary>Statements executed in the scope.</summary>
    public int StatementCount { get; }

    /// <summary>Round trips: statements, counting each batch (one <c>SaveChanges</c>) once.</summary>
    public int RoundTrips { get; }

    /// <summary>Total measured statement time.</summary>
    public TimeSpan TotalDuration { get; }

    /// <summary>Whether every statement carried a start time (then order is by time, else by arrival).</summary>
    public bool AllTimestamped { get; }

    /// <summary>The scope's own duration (a request's total time), when known.</summary>
    public TimeSpan? Duration { get; }

    /// <summary>The scope's outcome status (e.g. an HTTP status code), when known.</summary>
    public int? Status { get; }
}
