namespace QueryDoctor;

/// <summary>One executed command, as captured or read from an event log.</summary>
public sealed record QueryEvent
{
    /// <summary>The command text as sent to the database.</summary>
    public required string Sql { get; init; }

    /// <summary>
    /// The parameters in order, or <see langword="null"/> when their values are unknown. Unknown values
    /// always count as different from any other values.
    /// </summary>
    public IReadOnlyList<QueryParameter>? Parameters { get; init; }

    /// <summary>
    /// A hash of the parameter values, when the capture kept a hash but not the values (the default for
    /// live capture: values are private). Takes precedence over <see cref="Parameters"/> when set.
    /// </summary>
    public ulong? ParameterValuesHash { get; init; }

    /// <summary>
    /// The live capture's values key (parameter values and inlined literals) when values are private: written to the
    /// event log as a keyed hash so that <c>analyze</c> tells identical values as the capture did.
    /// </summary>
    internal ulong? PrivateValuesKey { get; init; }

    /// <summary>Execution time, when measured.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Rows read (queries) or affected (writes), when known.</summary>
    public long? Rows { get; init; }

    /// <summary>The user code that issued the command; <see cref="QueryDoctor.CallSite.Unknown"/> when not known.</summary>
    public CallSite CallSite { get; init; } = CallSite.Unknown;

    /// <summary>When the command started, if known.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The database kind: <c>sqlite</c>, <c>postgresql</c>, <c>sqlserver</c> or <c>mysql</c>.</summary>
    public string? Db { get; init; }

    /// <summary>
    /// Commands sharing a batch id were sent by one call (one <c>SaveChanges</c>); write rules count a batch once.
    /// </summary>
    public string? Batch { get; init; }

    /// <summary>Whether the command failed.</summary>
    public bool Failed { get; init; }
}
