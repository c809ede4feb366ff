using QueryDoctor.Recording;
using QueryDoctor.Rules;

namespace QueryDoctor.Detection;

/// <summary>Everything a detector may look at: one argument object, so new data never breaks a signature.</summary>
public sealed class ScopeDetectionContext
{
    internal ScopeDetectionContext(QueryScope scope, DetectionOptions options)
    {
        Scope = scope;
        Options = options;
    }

    /// <summary>The finished scope.</summary>
    public QueryScope Scope { get; private set; }

    /// <summary>The thresholds and severities in force.</summary>
    public DetectionOptions Options { get; private set; }

    /// <summary>
    /// Points a context kept for reuse at another scope: only while no detector could have kept it (the built-in
    /// rules keep nothing; see <see cref="ScopeAnalyzer"/>).
    /// </summary>
    internal void Reuse(QueryScope scope, DetectionOptions options)
    {
        Scope = scope;
        Options = options;
    }

    /// <summary>Whether a group is an N+1 under the options in force (shared by the rules that defer to it).</summary>
    /// <param name="group">The group.</param>
    /// <returns><see langword="true"/> when <c>n-plus-one</c> fires for the group.</returns>
    public bool IsNPlusOne(StatementGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Options.IsEnabled(RuleIds.NPlusOne)
            && group.Fingerprint.Kind == Sql.SqlStatementKind.Select
            && group.Count >= Options.NPlusOneThreshold
            && !group.AllValuesIdentical
            && !group.Fingerprint.IsPagination
            && !IsBatchLoad(group)
            && !IsPolling(group);
    }

    /// <summary>
    /// Whether a group is chunked batch loading: a statement that already filters by a list (<c>IN (…)</c>,
    /// <c>= ANY (?)</c>) run for successive chunks, no set of values twice. Batching is the fix for N+1, not one.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <returns><see langword="true"/> for a batch loop.</returns>
    public static bool IsBatchLoad(StatementGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return FindingText.IsListLookup(group.Fingerprint) && (group.DistinctValues is not { } distinct || distinct == group.Count);
    }

    /// <summary>
    /// Whether a group is polling: every two of its statements are at least <see cref="DetectionOptions.PollingGap"/>
    /// apart (idle time from one's end to the next one's start), and it asks the same question again (a set of values
    /// repeats, or there are none). A loop over items asks about a new item each time, however slow each turn is.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <returns><see langword="true"/> for a polling loop.</returns>
    public bool IsPolling(StatementGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Options.PollingGap > TimeSpan.Zero && group.Count >= 2 && group.MinGap is { } gap && gap >= Options.PollingGap
            && group.DistinctValues is { } distinct && distinct < group.Count;
    }
}
