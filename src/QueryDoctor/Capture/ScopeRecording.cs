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
    /// The first command of a shape in a scope reuses the place <see cref="CallSiteMemory"/> learned in earlier
    /// scopes when there is one, without a walk.
    /// </summary>
    public bool NeedsCallSite(SqlFingerprint fingerprint, int perFingerprint, out CallSite known) =>
        NeedsCallSite(fingerprint, perFingerprint, out known, out _);

    /// <inheritdoc cref="NeedsCallSite(SqlFingerprint, int, out CallSite)"/>
    /// <param name="fingerprint">The statement's shape.</param>
    /// <param name="perFingerprint">Walks per shape before one place is assumed.</param>
    /// <param name="known">The place to use when no walk is needed.</param>
    /// <param name="recalled">Whether <paramref name="known"/> came from <see cref="CallSiteMemory"/> (pass the command to <see cref="Recalled"/>).</param>
    public bool NeedsCallSite(SqlFingerprint fingerprint, int perFingerprint, out CallSite known, out bool recalled)
    {
        recalled = false;
        lock (_lock)
        {
            if (!_sites.TryGetValue(fingerprint, out var budget))
            {
                // First in this scope: a place learned in earlier scopes costs no walk; a repeat in this scope does.
                if (Capture.CallSites.TryRecall(fingerprint, out var remembered))
                {
                    _sites.Add(fingerprint, new SiteBudget { Seen = 1, Last = remembered });
                    known = remembered;
                    recalled = true;
                    return false;
                }

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

    /// <summary>Notes the place a walk gave; <paramref name="learn"/> also teaches it to the capture's <see cref="CallSiteMemory"/>.</summary>
    public void ReportCallSite(SqlFingerprint fingerprint, CallSite site, bool learn = true)
    {
        lock (_lock)
        {
            if (!_sites.TryGetValue(fingerprint, out var budget))
            {
                budget = new SiteBudget { Seen = 1 };
                _sites.Add(fingerprint, budget);
            }

            if (budget.RecalledCommand is { } first)
            {
                // The first command of this shape took the remembered place; the first walk in this scope checks
                // it. A different place means the shape now comes from somewhere new: move that command there.
                budget.RecalledCommand = null;
                if (!site.IsUnknown && !site.Equals(first.CallSite))
                {
                    var remembered = first.CallSite;
                    first.CallSite = site;
                    if (Interlocked.CompareExchange(ref first.FinishedFlag, 0, 0) != 0)
                    {
                        Builder?.MoveCallSite(fingerprint, remembered, site);
                    }

                    budget.Last = site;
                }
            }

            budget.Varied |= budget.Last is not null && !budget.Last.Equals(site);
            budget.Last = site;
            budget.Captures++;
        }

        if (learn)
        {
            Capture.CallSites.Learn(fingerprint, site);
        }
    }

    /// <summary>Keeps the command that took a remembered place, until the scope's first walk of its shape checks it.</summary>
    public void Recalled(SqlFingerprint fingerprint, PendingCommand command)
    {
        lock (_lock)
        {
            if (_sites.TryGetValue(fingerprint, out var budget) && budget.Captures == 0)
            {
                budget.RecalledCommand = command;
            }
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

        public PendingCommand? RecalledCommand { get; set; }
    }
}
