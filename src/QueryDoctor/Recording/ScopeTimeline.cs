using QueryDoctor.Sql;

namespace QueryDoctor.Recording;

/// <summary>
/// The statements of one scope instance on its time axis, bounded: one entry per statement up to
/// <see cref="Capacity"/>, then neighbouring statements merge (first runs of one shape and call site, then pairs of
/// neighbours), so a 10,000-statement request costs at most <see cref="Capacity"/> small entries. Not thread-safe:
/// the <see cref="QueryScopeBuilder"/> calls it under its lock.
/// </summary>
internal sealed class ScopeTimeline
{
    /// <summary>The most entries kept per instance (the waterfall's default bar limit).</summary>
    public const int Capacity = Reporting.Charts.WaterfallChartOptions.DefaultMaxBars;

    private TimelineEntry[] _entries = [];
    private TimelineStatement[] _keptStatements = [];
    private int _count;
    private int _statements;
    private long _originTicks;
    private bool _hasOrigin;
    private double _cursor;
    private int _statementsKept;
    private bool _compacted;

    /// <summary>The length of the entries array (what a pooled timeline keeps allocated).</summary>
    public int Allocated => Math.Max(_entries.Length, _keptStatements.Length);

    /// <summary>Entries kept now.</summary>
    public int Count => _count;

    /// <summary>Empties the timeline for the next instance (a reused builder), keeping its array.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        Array.Clear(_keptStatements, 0, _statementsKept);
        _count = 0;
        _statements = 0;
        _originTicks = 0;
        _hasOrigin = false;
        _cursor = 0;
        _statementsKept = 0;
        _compacted = false;
    }

    /// <summary>Records the next statement of the instance.</summary>
    /// <param name="fingerprint">The statement's shape.</param>
    /// <param name="callSite">Where it came from.</param>
    /// <param name="startedAt">Its start time, if known.</param>
    /// <param name="duration">Its measured duration, if known.</param>
    /// <param name="group">
    /// Its group, whose shape and call site stay the entry's (see <see cref="TryGetStatements"/>); <see langword="null"/>
    /// when the statements are not kept.
    /// </param>
    public void Add(SqlFingerprint fingerprint, CallSite callSite, DateTimeOffset? startedAt, TimeSpan? duration, StatementGroup? group = null)
    {
        if (group is not null && !_compacted && _count < Capacity && _count == _statementsKept)
        {
            if (_count == _keptStatements.Length)
            {
                Array.Resize(ref _keptStatements, Math.Min(Capacity, Math.Max(16, _count * 2)));
            }

            _keptStatements[_statementsKept++] = new TimelineStatement(group, startedAt?.UtcTicks ?? TimelineStatement.NoStart, duration?.Ticks ?? 0);
        }

        var ms = duration?.TotalMilliseconds ?? 0;
        var timedStart = double.NaN;
        if (startedAt is { } at)
        {
            if (!_hasOrigin)
            {
                _originTicks = at.UtcTicks;
                _hasOrigin = true;
            }

            timedStart = (at.UtcTicks - _originTicks) / (double)TimeSpan.TicksPerMillisecond;
        }

        var entry = new TimelineEntry(fingerprint, callSite, _statements++, 1, false, timedStart, timedStart + ms, _cursor, _cursor + ms);
        _cursor += ms;

        if (_count == Capacity)
        {
            Compact();
        }

        // Once merged, a statement repeating the last entry's shape and place joins it (as the first merge pass did).
        if (_compacted && _count > 0 && _entries[_count - 1].SameStatement(entry))
        {
            _entries[_count - 1] = _entries[_count - 1].With(entry);
            return;
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Min(Capacity, Math.Max(16, _count * 2)));
        }

        _entries[_count++] = entry;
    }

    /// <summary>Re-attributes the statement at <paramref name="index"/> to another call site (see <see cref="QueryScopeBuilder"/>), while it is still its own entry.</summary>
    public void MoveCallSite(int index, CallSite from, CallSite to)
    {
        if (!_compacted && index < _count && _entries[index].Index == index && _entries[index].CallSite.Equals(from))
        {
            _entries[index] = _entries[index] with { CallSite = to };
        }
    }

    /// <summary>A copy of the entries, in order.</summary>
    public TimelineEntry[] ToArray() => _entries.AsSpan(0, _count).ToArray();

    /// <summary>
    /// The statements the entries were made of (<see cref="TimelineStatement.Expand"/> gives the entries back), when
    /// every entry is one statement recorded with its group: nothing merged yet. The groups' shapes and call sites
    /// are the entries' as long as the groups change only with them (the builder moves a call site in both).
    /// </summary>
    public bool TryGetStatements(out ReadOnlySpan<TimelineStatement> statements)
    {
        statements = _keptStatements.AsSpan(0, _statementsKept);
        return !_compacted && _statementsKept == _count;
    }

    /// <summary>
    /// Frees room: merges runs of one shape and call site; when that frees less than a quarter, merges pairs of
    /// neighbours too (halving), so compaction runs O(log n) times for n statements, never once per statement.
    /// </summary>
    private void Compact()
    {
        _compacted = true;
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (kept > 0 && _entries[kept - 1].SameStatement(_entries[i]))
            {
                _entries[kept - 1] = _entries[kept - 1].With(_entries[i]);
            }
            else
            {
                _entries[kept++] = _entries[i];
            }
        }

        if (kept > Capacity * 3 / 4)
        {
            var paired = 0;
            for (var i = 0; i < kept; i += 2)
            {
                _entries[paired++] = i + 1 < kept ? _entries[i].With(_entries[i + 1]) : _entries[i];
            }

            kept = paired;
        }

        Array.Clear(_entries, kept, _count - kept);
        _count = kept;
    }
}
