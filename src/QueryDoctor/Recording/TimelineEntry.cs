using QueryDoctor.Sql;

namespace QueryDoctor.Recording;

/// <summary>
/// One statement (or a run of neighbouring statements merged to bound memory) on a scope instance's time axis:
/// what a waterfall draws as one bar. Two time axes are kept, because whether every statement carried a start time
/// is known only when the instance ends: <see cref="TimedStart"/>/<see cref="TimedEnd"/> from the statements' start
/// times (milliseconds after the instance's first start time; <see cref="double.NaN"/> when unknown), and
/// <see cref="SequentialStart"/>/<see cref="SequentialEnd"/> with the statements laid one after another.
/// </summary>
/// <param name="Fingerprint">The shape of the entry's first statement.</param>
/// <param name="CallSite">Where the entry's first statement came from.</param>
/// <param name="Index">Position (0-based, in instance order) of the entry's first statement.</param>
/// <param name="Count">Statements in the entry (1 unless merged).</param>
/// <param name="Mixed">Whether the merged statements differ in shape or call site (then no finding's group claims the entry).</param>
/// <param name="TimedStart">Start in ms after the instance's first start time, from the start times.</param>
/// <param name="TimedEnd">End in ms, from the start times and durations.</param>
/// <param name="SequentialStart">Start in ms with the statements laid one after another.</param>
/// <param name="SequentialEnd">End in ms with the statements laid one after another.</param>
internal readonly record struct TimelineEntry(
    SqlFingerprint Fingerprint,
    CallSite CallSite,
    int Index,
    int Count,
    bool Mixed,
    double TimedStart,
    double TimedEnd,
    double SequentialStart,
    double SequentialEnd)
{
    /// <summary>Whether <paramref name="next"/> has this entry's shape and call site (and neither is mixed).</summary>
    public bool SameStatement(in TimelineEntry next) =>
        !Mixed && !next.Mixed && CallSite.Equals(next.CallSite) && Fingerprint.Equals(next.Fingerprint);

    /// <summary>This entry and the one after it as one entry.</summary>
    public TimelineEntry With(in TimelineEntry next) => this with
    {
        Count = Count + next.Count,
        Mixed = Mixed || !SameStatement(next),
        TimedStart = Math.Min(TimedStart, next.TimedStart),
        TimedEnd = Math.Max(TimedEnd, next.TimedEnd),
        SequentialEnd = next.SequentialEnd,
    };
}
