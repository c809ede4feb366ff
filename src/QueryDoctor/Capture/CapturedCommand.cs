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
    // The nullable values are plain fields with a flag each in _state (a request's commands are among its largest
    // objects). _state changes only with Interlocked: Executed, Finish and a call-site check may run on different threads.
    private const int FinishedBit = 1;
    private const int HasValuesHashBit = 2;
    private const int HasDurationBit = 4;
    private const int HasRowsBit = 8;
    private const int FailedBit = 16;
    private const int PrivateValuesBit = 32;

    private ulong _valuesHash;
    private long _startedAtTicks;
    private long _durationTicks;
    private long _rows;
    private int _state;
    private short _startedAtOffset;

    // Note and Suppression, both rare, in one field: a string, a SuppressionBlock, or both (NoteInBlock).
    private object? _aside;

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
    public string? Note
    {
        get => _aside switch
        {
            string note => note,
            NoteInBlock both => both.Note,
            _ => null,
        };
        set => _aside = (value, Suppression) switch
        {
            (null, var block) => block,
            (var note, null) => note,
            (var note, var block) => new NoteInBlock(note, block),
        };
    }

    internal ScopeRecording Recording { get; }

    internal SqlStatement Statement { get; }

    internal string Sql { get; }

    /// <summary>Where the command came from; corrected when a remembered place turns out wrong in this scope.</summary>
    internal CallSite CallSite { get; set; }

    internal ulong? ValuesHash
    {
        get => Is(HasValuesHashBit) ? _valuesHash : null;
        init
        {
            _valuesHash = value.GetValueOrDefault();
            _state = value.HasValue ? _state | HasValuesHashBit : _state & ~HasValuesHashBit;
        }
    }

    internal IReadOnlyList<QueryParameter>? Parameters { get; init; }

    internal DateTimeOffset StartedAt
    {
        get => new(_startedAtTicks + (_startedAtOffset * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(_startedAtOffset));
        init
        {
            _startedAtTicks = value.UtcTicks;
            _startedAtOffset = (short)value.TotalOffsetMinutes;
        }
    }

    internal string? Batch { get; init; }

    /// <summary>When the capture started the command (its own clock).</summary>
    internal long StartTimestamp { get; init; }

    /// <summary>When the command was handed to the provider, after our own start work (0 = unknown).</summary>
    internal long SentTimestamp { get; set; }

    internal TimeSpan? Duration
    {
        get => Is(HasDurationBit) ? new TimeSpan(Volatile.Read(ref _durationTicks)) : null;
        set => Set(ref _durationTicks, value?.Ticks, HasDurationBit);
    }

    /// <summary>Whether the command failed; once set it stays set (see <see cref="MarkFailed"/>).</summary>
    internal bool Failed => Is(FailedBit);

    /// <summary>The <see cref="QueryDoctorScope.Suppress(string, string[])"/> block the command was issued in, if any.</summary>
    internal SuppressionBlock? Suppression
    {
        get => _aside switch
        {
            SuppressionBlock block => block,
            NoteInBlock both => both.Block,
            _ => null,
        };
        init => _aside = value;
    }

    /// <summary>Rows read or affected, set when the command finishes.</summary>
    internal long? Rows
    {
        get => Is(HasRowsBit) ? Volatile.Read(ref _rows) : null;
        set => Set(ref _rows, value, HasRowsBit);
    }

    /// <summary>
    /// Whether values are private (the capture keeps no values): the event's SQL then has its inlined literals as
    /// placeholders and carries the values key, so nothing EF Core inlined from a constant leaves the process.
    /// </summary>
    internal bool PrivateValues
    {
        get => Is(PrivateValuesBit);
        set => Flag(PrivateValuesBit, value);
    }

    /// <summary>Whether the command was added to its scope (<see cref="TryMarkFinished"/>).</summary>
    internal bool IsFinished => Is(FinishedBit);

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

    /// <summary>Marks the command finished; <see langword="false"/> when it was already (a command is finished exactly once).</summary>
    internal bool TryMarkFinished() => (Interlocked.Or(ref _state, FinishedBit) & FinishedBit) == 0;

    /// <summary>Marks the command failed (a later success never clears it).</summary>
    internal void MarkFailed() => Interlocked.Or(ref _state, FailedBit);

    private bool Is(int bit) => (Volatile.Read(ref _state) & bit) != 0;

    private void Flag(int bit, bool on)
    {
        if (on)
        {
            Interlocked.Or(ref _state, bit);
        }
        else
        {
            Interlocked.And(ref _state, ~bit);
        }
    }

    // The value is written before its flag is raised, so a reader that sees the flag sees the value.
    private void Set(ref long field, long? value, int bit)
    {
        if (value is { } known)
        {
            Volatile.Write(ref field, known);
        }

        Flag(bit, value.HasValue);
    }

    /// <summary>A note on a command issued inside a suppression block.</summary>
    private sealed record NoteInBlock(string Note, SuppressionBlock Block);
}
