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
    /// The entries <see cref="ScopeTimeline"/> made of these statements when it recorded them: they are recorded again
    /// into a new timeline, so the entries come from the same arithmetic (never more than its capacity: statements are
    /// kept only while nothing was merged).
    /// </summary>
    public static TimelineEntry[] Expand(ReadOnlySpan<TimelineStatement> statements)
    {
        if (statements.IsEmpty)
        {
            return [];
        }

        var timeline = new ScopeTimeline();
        foreach (var statement in statements)
        {
            timeline.Add(
                statement.Group.Fingerprint,
                statement.Group.CallSite,
                statement.StartedAtUtcTicks == NoStart ? null : new DateTimeOffset(statement.StartedAtUtcTicks, TimeSpan.Zero),
                new TimeSpan(statement.DurationTicks));
        }

        return timeline.ToArray();
    }
}
