using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// What one <see cref="QueryCapture"/> recorded for one scope: the aggregating builder (or none when the
/// scope was not sampled), the call-site budget per fingerprint, and notes integrations attach to groups.
/// </summary>
internal sealed class ScopeRecording
{
    private const int MaxNotes = 256;
    private const int MaxVariedCaptures = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<SqlFingerprint, SiteBudget> _sites = [];
    private Dictionary<(string Fingerprint, string CallSite), string>? _notes;
    private int _events;
    private int _statements;
    private long _statementTicks;

    public ScopeRecording(QueryCapture capture, string name, QueryScopeBuilder? builder, bool ambient)
    {
        Capture = capture;
        Name = name;
        Builder = builder;
        IsAmbient = ambient;
    }

    public QueryCapture Capture { get; }

    public string Name { get; }

    /// <summary>The instance's id, written with each of its events and on its scope line.</summary>
    public string ScopeId { get; init; } = "";

    /// <summary>The builder, or <see langword="null"/> when this scope is not sampled.</summary>
    public QueryScopeBuilder? Builder { get; }

    public bool IsAmbient { get; }

    public bool Completed { get; set; }

    public int EventCount => Volatile.Read(ref _events);

    public int CountEvent() => Interlocked.Increment(ref _events);

    /// <summary>Statements recorded so far (read while the scope runs, e.g. for a request's timing header).</summary>
    public int StatementCount => Volatile.Read(ref _statements);

    /// <summary>Measured time of the statements recorded so far.</summary>
    public TimeSpan StatementDuration => TimeSpan.FromTicks(Interlocked.Read(ref _statementTicks));

    /// <summary>Adds one finished statement to the running totals.</summary>
    public void CountStatement(TimeSpan? duration)
    {
        Interlocked.Increment(ref _statements);
        if (duration is { } measured)
        {
            Interlocked.Add(ref _statementTicks, measured.Ticks);
        }
    }

    /// <summary>
    /// Whether a stack walk is needed for this shape. The first few commands of a shape are walked; when they
    /// all came from one place later ones reuse it and are re-checked at powers of two (a loop of 10,000
    /// costs about 16 walks); once a shape is seen from several places every command is walked, up to a bound.
    /// </summary>
    public bool NeedsCallSite(SqlFingerprint fingerprint, int perFingerprint, out CallSite known)
    {
        lock (_lock)
        {
            if (!_sites.TryGetValue(fingerprint, out var budget))
            {
                _sites.Add(fingerprint, new SiteBudget { Seen = 1 });
                known = CallSite.Unknown;
                return true;
            }

            var seen = ++budget.Seen;
            known = budget.Last ?? CallSite.Unknown;
            return budget.Captures < perFingerprint
                || (budget.Varied && budget.Captures < MaxVariedCaptures)
                || (seen & (seen - 1)) == 0;
        }
    }

    public void ReportCallSite(SqlFingerprint fingerprint, CallSite site)
    {
        lock (_lock)
        {
            if (!_sites.TryGetValue(fingerprint, out var budget))
            {
                budget = new SiteBudget { Seen = 1 };
                _sites.Add(fingerprint, budget);
            }

            budget.Varied |= budget.Last is not null && !budget.Last.Equals(site);
            budget.Last = site;
            budget.Captures++;
        }
    }

    /// <summary>Attaches a note (e.g. the lazily loaded navigation) to a group, first note wins.</summary>
    public void Annotate(SqlFingerprint fingerprint, CallSite site, string note)
    {
        lock (_lock)
        {
            _notes ??= [];
            if (_notes.Count < MaxNotes)
            {
                _notes.TryAdd((fingerprint.Id, site.Text), note);
            }
        }
    }

    public string? NoteFor(string? fingerprint, string? callSite)
    {
        if (fingerprint is null)
        {
            return null;
        }

        lock (_lock)
        {
            return _notes is not null && _notes.TryGetValue((fingerprint, callSite ?? ""), out var note) ? note : null;
        }
    }

    private sealed class SiteBudget
    {
        public int Seen { get; set; }

        public int Captures { get; set; }

        public CallSite? Last { get; set; }

        public bool Varied { get; set; }
    }
}
