using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// One command a source reported with <see cref="QueryCapture.BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/>,
/// between its start and its end: the source calls <see cref="Executed(TimeSpan?, bool)"/> when the database has
/// answered and <see cref="Finish(long?)"/> once the rows are known (when its reader closes), and the command joins
/// its scope. Every call is cheap, thread-safe and never throws; a command is added to its scope exactly once.
/// </summary>
/// <remarks>
/// Once finished the object is also the scope's raw record of the command: a scope that keeps raw events keeps it
/// and builds the public <see cref="QueryEvent"/> only when someone reads <see cref="QueryScope.Events"/> (see
/// <see cref="RecordedEvents"/>). So the handle costs no allocation beyond the record itself.
/// </remarks>
public sealed class CapturedCommand
{
    internal CapturedCommand(ScopeRecording recording, SqlStatement statement, string sql, CallSite callSite)
    {
        Recording = recording;
        Statement = statement;
        Sql = sql;
        CallSite = callSite;
    }

    /// <summary>
    /// The database kind the event log names (<c>sqlite</c>, <c>postgresql</c>, <c>sqlserver</c>, <c>mysql</c>), when
    /// the source knows it; else the capture's <see cref="QueryDoctorOptions.Db"/>. Set it before <see cref="Finish(long?)"/>.
    /// </summary>
    public string? Db { get; set; }

    /// <summary>
    /// A note for the command's statement group (its shape at its call site), the first one wins; enrichers read it
    /// with <see cref="FindingEnrichmentContext.NoteFor(Finding)"/>. EF Core notes the navigation a lazy load fills
    /// (<c>lazy:Calendar.Members</c>). Set it before <see cref="Finish(long?)"/>.
    /// </summary>
    public string? Note { get; set; }

    internal ScopeRecording Recording { get; }

    internal SqlStatement Statement { get; }

    internal string Sql { get; }

    /// <summary>Where the command came from; corrected when a remembered place turns out wrong in this scope.</summary>
    internal CallSite CallSite { get; set; }

    internal ulong? ValuesHash { get; init; }

    internal IReadOnlyList<QueryParameter>? Parameters { get; init; }

    internal DateTimeOffset StartedAt { get; init; }

    internal string? Batch { get; init; }

    /// <summary>When the capture started the command (its own clock).</summary>
    internal long StartTimestamp { get; init; }

    /// <summary>When the command was handed to the provider, after our own start work (0 = unknown).</summary>
    internal long SentTimestamp { get; set; }

    internal TimeSpan? Duration { get; set; }

    internal bool Failed { get; set; }

    /// <summary>The <see cref="QueryDoctorScope.Suppress(string, string[])"/> block the command was issued in, if any.</summary>
    internal SuppressionBlock? Suppression { get; init; }

    /// <summary>Rows read or affected, set when the command finishes.</summary>
    internal long? Rows { get; set; }

    /// <summary>
    /// Whether values are private (the capture keeps no values): the event's SQL then has its inlined literals as
    /// placeholders and carries the values key, so nothing EF Core inlined from a constant leaves the process.
    /// </summary>
    internal bool PrivateValues { get; set; }

    /// <summary>
    /// Marks the moment the command is handed to the database, after the source's own start work, so the duration
    /// measured by <see cref="Executed(TimeSpan?, bool)"/> counts only the database's time. Optional: without it the
    /// duration runs from <see cref="QueryCapture.BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/>.
    /// </summary>
    public void MarkSent() => Recording.Capture.Sent(this);

    /// <summary>
    /// Records the end of the command's execution (its reader may still be open). The first call wins; later ones
    /// only add a failure.
    /// </summary>
    /// <param name="duration">
    /// The duration the source measured itself (a driver's or a span's); <see langword="null"/> to have the capture
    /// measure it from <see cref="MarkSent"/> (or from the start) to now.
    /// </param>
    /// <param name="failed">Whether the command failed or was cancelled.</param>
    public void Executed(TimeSpan? duration = null, bool failed = false) => Recording.Capture.Executed(this, failed, duration);

    /// <summary>
    /// Adds the command to its scope (once: later calls are ignored), marking it executed now if
    /// <see cref="Executed(TimeSpan?, bool)"/> was not called.
    /// </summary>
    /// <param name="rows">Rows read (a query) or affected (a write), when known.</param>
    public void Finish(long? rows = null) => Recording.Capture.Finish(this, rows);

    /// <summary>The public event for this finished command, as the scope reports it and the event log writes it.</summary>
    internal QueryEvent ToEvent() => new()
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
