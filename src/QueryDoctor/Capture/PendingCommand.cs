using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// A command between its start and its end (rows are known only when its reader closes). Once finished it is also
/// the scope's raw record of the command: a scope that keeps raw events keeps this object and builds the public
/// <see cref="QueryEvent"/> only when someone reads <see cref="Recording.QueryScope.Events"/> (see <see cref="RecordedEvents"/>).
/// </summary>
internal sealed class PendingCommand
{
    public required ScopeRecording Recording { get; init; }

    public required SqlStatement Statement { get; init; }

    public required string Sql { get; init; }

    /// <summary>Where the command came from; corrected when a remembered place turns out wrong in this scope.</summary>
    public required CallSite CallSite { get; set; }

    public ulong? ValuesHash { get; init; }

    public IReadOnlyList<QueryParameter>? Parameters { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? Batch { get; init; }

    /// <summary>The time a wrapper measured itself (ADO.NET); EF reports its own.</summary>
    public long StartTimestamp { get; init; }

    /// <summary>When the command was handed to the provider, after our own start work (0 = unknown).</summary>
    public long SentTimestamp { get; set; }

    public TimeSpan? Duration { get; set; }

    public bool Failed { get; set; }

    /// <summary>The database kind, when the integration knows it.</summary>
    public string? Db { get; set; }

    /// <summary>The <see cref="QueryDoctorScope.Suppress(string, string[])"/> block the command was issued in, if any.</summary>
    public SuppressionBlock? Suppression { get; init; }

    /// <summary>Rows read or affected, set when the command finishes.</summary>
    public long? Rows { get; set; }

    /// <summary>A note for the command's group (e.g. the navigation a lazy load filled).</summary>
    public string? Note { get; set; }

    /// <summary>
    /// Whether values are private (the capture keeps no values): the event's SQL then has its inlined literals as
    /// placeholders and carries the values key, so nothing EF Core inlined from a constant leaves the process.
    /// </summary>
    public bool PrivateValues { get; set; }

    /// <summary>The public event for this finished command, as the scope reports it and the event log writes it.</summary>
    public QueryEvent ToEvent() => new()
    {
        // Placeholders computed once per distinct text (cached on the statement).
        Sql = PrivateValues ? Statement.MaskedText(Sql, string.Equals(Db, "postgresql", StringComparison.OrdinalIgnoreCase)) : Sql,
        Parameters = Parameters,
        ParameterValuesHash = ValuesHash,
        PrivateValuesKey = PrivateValues ? QueryScopeBuilder.ValuesKey(Statement, ValuesHash) : null,
        Duration = Duration,
        Rows = Rows,
        CallSite = CallSite,
        StartedAt = StartedAt,
        Db = Db,
        Batch = Batch,
        Failed = Failed,
    };

#pragma warning disable SA1401, CA1051 // A field, for Interlocked: a command is finished exactly once.
    internal int FinishedFlag;
#pragma warning restore SA1401, CA1051
}
