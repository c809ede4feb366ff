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
    public QueryScope Scope { get; }

    /// <summary>The thresholds and severities in force.</summary>
    public DetectionOptions Options { get; }

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
            && !group.Fingerprint.IsPagination;
    }
}
