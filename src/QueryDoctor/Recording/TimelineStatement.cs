namespace QueryDoctor.Recording;

/// <summary>
/// One statement of a timeline that was never merged, as little as gives its <see cref="TimelineEntry"/> back: its
/// group (shape and call site), its start time and its duration. A live scope's snapshot keeps these (24 bytes a
/// statement) and builds the entries only when someone reads <see cref="QueryScope.Timeline"/> (a waterfall, the
/// dashboard): most requests are never drawn.
/// </summary>
/// <param name="Group">The statement's group: <see cref="StatementGroup.Fingerprint"/> and <see cref="StatementGroup.CallSite"/> are its entry's.</param>
/// <param name="StartedAtUtcTicks">The start time's UTC ticks; <see cref="NoStart"/> when the statement had none.</param>
/// <param name="DurationTicks">The measured duration's ticks (0 when unknown, which the timeline draws alike).</param>
internal readonly record struct TimelineStatement(StatementGroup Group, long StartedAtUtcTicks, long DurationTicks)
{
    /// <summary>No start time (UTC ticks are never negative).</summary>
    public const long NoStart = -1;

    /// <summary>
    /// The entries <see cref="ScopeTimeline"/> made of these statements when it recorded them: the same arithmetic, so
    /// the same values to the last bit.
    /// </summary>
    public static TimelineEntry[] Expand(ReadOnlySpan<TimelineStatement> statements)
    {
        if (statements.IsEmpty)
        {
            return [];
        }

        var entries = new TimelineEntry[statements.Length];
        var hasOrigin = false;
        var originTicks = 0L;
        var cursor = 0d;
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = statements[i];
            var ms = new TimeSpan(statement.DurationTicks).TotalMilliseconds;
            var timedStart = double.NaN;
            if (statement.StartedAtUtcTicks != NoStart)
            {
                if (!hasOrigin)
                {
                    originTicks = statement.StartedAtUtcTicks;
                    hasOrigin = true;
                }

                timedStart = (statement.StartedAtUtcTicks - originTicks) / (double)TimeSpan.TicksPerMillisecond;
            }

            entries[i] = new TimelineEntry(statement.Group.Fingerprint, statement.Group.CallSite, i, 1, false, timedStart, timedStart + ms, cursor, cursor + ms);
            cursor += ms;
        }

        return entries;
    }
}
