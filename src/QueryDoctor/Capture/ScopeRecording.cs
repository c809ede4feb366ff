using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QueryDoctor.Recording;
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
    private const int MaxDeferredEvents = 10_000;

    // The ambient scope's shapes keep their budgets from window to window (see InheritCallSites), so their powers of
    // two grow far apart: a command from a new place is still noticed within this many commands of its shape.
    private const int AmbientRecheck = 128;

    // One monitor per scope, shared with the builder (see QueryScopeBuilder.SyncRoot): the builder when the scope is
    // sampled, else this recording. Neither is ever handed out, so nothing else locks them; no lock object is allocated.
    private readonly object _lock;
    private RecordingBuffers? _buffers;
    private Dictionary<(string Fingerprint, string CallSite), string>? _notes;

    // Per group: how many of its commands ran inside suppression blocks, and the block all of those ran in (null when
    // they ran in unrelated blocks). Only commands inside a block touch it: the hot path of every other command is untouched.
    private Dictionary<(string Fingerprint, string CallSite), (SuppressionBlock? Block, int Count)>? _blocks;
    private List<CapturedCommand>? _deferred;
    private int _unverifiedRecalls;
    private bool _linesReleased;
    private int _events;
    private int _statements;
    private long _statementTicks;

    public ScopeRecording(QueryCapture capture, string name, QueryScopeBuilder? builder, bool ambient, RecordingBuffers? buffers = null)
    {
        Capture = capture;
        Name = name;
        Builder = builder;
        IsAmbient = ambient;
        _buffers = buffers;
        _lock = builder?.SyncRoot ?? this;
    }

    /// <summary>
    /// The scope has been built: its working collections (shared with the builder) go back to the pool. Commands that
    /// still arrive are recorded into new ones.
    /// </summary>
    public void ReleaseBuffers(RecordingBufferPool pool)
    {
        RecordingBuffers? buffers;
        lock (_lock)
        {
            buffers = _buffers;
            _buffers = null;
            var detached = Builder?.DetachBuffers();
            if (!ReferenceEquals(detached, buffers) && detached is not null)
            {
                pool.Return(detached);
            }
        }

        if (buffers is not null)
        {
            pool.Return(buffers);
        }
    }

    private Dictionary<SqlFingerprint, SiteBudget> Sites => (_buffers ??= new RecordingBuffers()).Sites;

    public QueryCapture Capture { get; }

    public string Name { get; private set; }

    /// <summary>Whether query lines wait for the scope's final name before they go to the event log.</summary>
    public bool DeferEventLog { get; set; }

    /// <summary>Gives the scope its final name: the builder's too, so the report carries it.</summary>
    public void Rename(string name)
    {
        Name = name;
        Builder?.Rename(name);
    }

    /// <summary>
    /// Holds a finished command's event-log line while it could still change: until the scope's name is final
    /// (<see cref="DeferEventLog"/>), or while a command that took a remembered call site has not been checked by a
    /// walk yet (a line once written cannot be corrected, and <c>analyze</c> of the log must agree with the live
    /// capture). Lines after a held one are held too, so the log keeps their order. Returns <see langword="false"/>
    /// when the line goes out now; <paramref name="released"/> then holds earlier lines to write first (the bound
    /// was reached), in order.
    /// </summary>
    public bool HoldEventLine(CapturedCommand command, out List<CapturedCommand>? released)
    {
        released = null;
        lock (_lock)
        {
            if (_linesReleased || !(DeferEventLog || _unverifiedRecalls > 0 || _deferred is { Count: > 0 }))
            {
                return false;
            }

            if ((_deferred ??= []).Count < MaxDeferredEvents)
            {
                _deferred.Add(command);
                return true;
            }

            if (!DeferEventLog)
            {
                released = _deferred;
                _deferred = null;
            }

            return false;
        }
    }

    /// <summary>The held query lines (their finished commands), emptied; none are held after this (the scope ended).</summary>
    public List<CapturedCommand>? TakeDeferred()
    {
        lock (_lock)
        {
            var deferred = _deferred;
            _deferred = null;
            _linesReleased = true;
            return deferred;
        }
    }

    /// <summary>The instance's id, written with each of its events and on its scope line.</summary>
    public string ScopeId => Identity.Text;

    /// <summary>The instance's id, written out only when read (see <see cref="ScopeIdentity"/>).</summary>
    public required ScopeIdentity Identity { get; init; }

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
        NeedsCallSite(fingerprint, perFingerprint, out known, out _, out _);

    /// <inheritdoc cref="NeedsCallSite(SqlFingerprint, int, out CallSite)"/>
    /// <param name="fingerprint">The statement's shape.</param>
    /// <param name="perFingerprint">Walks per shape before one place is assumed.</param>
    /// <param name="known">The place to use when no walk is needed.</param>
    /// <param name="recalled">Whether <paramref name="known"/> came from <see cref="CallSiteMemory"/> (pass the command to <see cref="Recalled"/>).</param>
    /// <param name="verifying">
    /// Whether the walk only re-checks a place the shape has had from one place so far: the one
    /// <see cref="CallSiteMemory"/> trusts (its first command in this scope) or the scope's own (a scheduled re-check
    /// of a repeat); <paramref name="known"/> is then that place.
    /// </param>
    public bool NeedsCallSite(SqlFingerprint fingerprint, int perFingerprint, out CallSite known, out bool recalled, out bool verifying)
    {
        recalled = false;
        verifying = false;
        lock (_lock)
        {
            ref var budget = ref CollectionsMarshal.GetValueRefOrAddDefault(Sites, fingerprint, out var exists);
            if (!exists)
            {
                // First in this scope: a place learned in earlier scopes costs no walk; a repeat in this scope does.
                if (Capture.CallSites.TryRecall(fingerprint, out var remembered))
                {
                    budget = new SiteBudget { Seen = 1, Last = remembered };
                    known = remembered;
                    recalled = true;
                    return false;
                }

                budget = new SiteBudget { Seen = 1 };
                known = Capture.CallSites.Trusted(fingerprint) ?? CallSite.Unknown;
                verifying = !known.IsUnknown;
                return true;
            }

            var seen = ++budget.Seen;
            known = budget.Last ?? CallSite.Unknown;
            if (budget.Captures < perFingerprint || (budget.Varied && budget.Captures < MaxVariedCaptures))
            {
                return true;
            }

            // Only a scheduled re-check of the one place the shape has had so far.
            verifying = !budget.Varied && !known.IsUnknown;
            return (seen & (seen - 1)) == 0 || (IsAmbient && (seen & (AmbientRecheck - 1)) == 0);
        }
    }

    /// <summary>
    /// Continues the call-site budgets of the previous ambient window. The ambient scope is cut into windows by count
    /// (<see cref="QueryDoctorOptions.AmbientFlushThreshold"/>), not by unit of work, so its shapes keep their walk
    /// schedule across windows instead of starting over: starting over walked about 7% of the ambient commands (the
    /// first three of each shape, then powers of two, in every window). Call before the recording is published.
    /// </summary>
    public void InheritCallSites(ScopeRecording previous)
    {
        if (Builder is null)
        {
            return;
        }

        lock (previous._lock)
        {
            if (previous._buffers is not { HasSites: true } buffers)
            {
                return;
            }

            foreach (var (fingerprint, budget) in buffers.Sites)
            {
                // Only places a walk checked: a remembered one still waiting for its check starts over.
                if (budget.Captures > 0)
                {
                    Sites[fingerprint] = budget with { RecalledCommand = null };
                }
            }
        }
    }

    /// <summary>Notes the place a walk gave; <paramref name="learn"/> also teaches it to the capture's <see cref="CallSiteMemory"/>.</summary>
    public void ReportCallSite(SqlFingerprint fingerprint, CallSite site, bool learn = true)
    {
        List<CapturedCommand>? released = null;
        lock (_lock)
        {
            ref var budget = ref CollectionsMarshal.GetValueRefOrAddDefault(Sites, fingerprint, out var exists);
            if (!exists)
            {
                budget = new SiteBudget { Seen = 1 };
            }

            if (budget.RecalledCommand is { } first)
            {
                // The first command of this shape took the remembered place; the first walk in this scope checks
                // it. A different place means the shape now comes from somewhere new: move that command there.
                budget.RecalledCommand = null;
                if (--_unverifiedRecalls == 0 && !DeferEventLog && !_linesReleased && _deferred is { Count: > 0 })
                {
                    // Every remembered place is checked: the held lines are final now.
                    released = _deferred;
                    _deferred = null;
                }

                if (!site.IsUnknown && !site.Equals(first.CallSite))
                {
                    var remembered = first.CallSite;
                    first.CallSite = site;
                    if (first.IsFinished)
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

        if (released is not null)
        {
            Capture.WriteEventLines(this, released);
        }

        if (learn)
        {
            Capture.CallSites.Learn(fingerprint, site);
        }
    }

    /// <summary>Keeps the command that took a remembered place, until the scope's first walk of its shape checks it.</summary>
    public void Recalled(SqlFingerprint fingerprint, CapturedCommand command)
    {
        lock (_lock)
        {
            ref var budget = ref CollectionsMarshal.GetValueRefOrNullRef(Sites, fingerprint);
            if (!Unsafe.IsNullRef(ref budget) && budget.Captures == 0 && budget.RecalledCommand is null)
            {
                budget.RecalledCommand = command;
                _unverifiedRecalls++;
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

    /// <summary>Whether any command of the scope ran inside a suppression block.</summary>
    public bool HasSuppressionBlocks
    {
        get
        {
            lock (_lock)
            {
                return _blocks is not null;
            }
        }
    }

    /// <summary>Records that a command of a group ran inside a suppression block.</summary>
    public void NoteSuppression(SqlFingerprint fingerprint, CallSite site, SuppressionBlock? block)
    {
        if (block is null)
        {
            return;
        }

        lock (_lock)
        {
            _blocks ??= [];
            var key = (fingerprint.Id, site.Text);
            if (!_blocks.TryGetValue(key, out var seen))
            {
                _blocks[key] = (block, 1);
                return;
            }

            // Keep the block every command so far ran in: the outer of two nested blocks, none for unrelated ones.
            var common = seen.Block is null ? null
                : Encloses(seen.Block, block) ? seen.Block
                : Encloses(block, seen.Block) ? block
                : null;
            _blocks[key] = (common, seen.Count + 1);
        }
    }

    /// <summary>
    /// Moves findings whose statements all ran inside a block covering their rule to <paramref name="suppressed"/>
    /// (every statement of every group the finding is about: a group's count must match the commands seen in blocks).
    /// </summary>
    public IReadOnlyList<Finding> ApplySuppressionBlocks(QueryScope scope, IReadOnlyList<Finding> findings, ICollection<Detection.SuppressedFinding> suppressed)
    {
        List<Finding>? kept = null;
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (BlockFor(scope, finding) is { } block)
            {
                kept ??= [.. findings.Take(i)];
                suppressed.Add(new Detection.SuppressedFinding { Finding = finding, By = block.Description });
            }
            else
            {
                kept?.Add(finding);
            }
        }

        return kept ?? findings;
    }

    private SuppressionBlock? BlockFor(QueryScope scope, Finding finding)
    {
        if (finding.Fingerprint is not { } fingerprint || finding.Rule is Rules.RuleIds.TooManyQueries or Rules.RuleIds.SlowScope)
        {
            return null;
        }

        lock (_lock)
        {
            if (_blocks is null)
            {
                return null;
            }

            SuppressionBlock? found = null;
            foreach (var group in scope.Groups)
            {
                var site = group.CallSite.Text;
                if (!string.Equals(group.Fingerprint.Id, fingerprint, StringComparison.Ordinal)
                    || (finding.CallSite is not null && site.Length > 0 && site != finding.CallSite && !(finding.OtherCallSites?.Contains(site) ?? false)))
                {
                    continue;
                }

                if (!_blocks.TryGetValue((fingerprint, site), out var seen) || seen.Count != group.Count || seen.Block is not { } block || !block.Covers(finding.Rule))
                {
                    return null;
                }

                found ??= block;
            }

            return found;
        }
    }

    private static bool Encloses(SuppressionBlock outer, SuppressionBlock inner)
    {
        for (var block = inner; block is not null; block = block.Parent)
        {
            if (ReferenceEquals(block, outer))
            {
                return true;
            }
        }

        return false;
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
}
