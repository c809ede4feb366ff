using QueryDoctor.Detection.CheckThenInsert;
using QueryDoctor.Detection.DuplicateQuery;
using QueryDoctor.Detection.NPlusOne;
using QueryDoctor.Detection.NPlusOneWrite;
using QueryDoctor.Detection.SlowQuery;
using QueryDoctor.Detection.SlowScope;
using QueryDoctor.Detection.TooManyQueries;
using QueryDoctor.Detection.UnboundedResult;
using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection;

/// <summary>
/// Runs the built-in scope rules, then any custom detectors, over finished scopes. Each detector runs
/// in isolation: one that throws is reported through <see cref="DetectorFailed"/> and skipped, and the
/// others still run. The same analyzer serves live capture and offline analysis.
/// </summary>
public sealed class ScopeAnalyzer
{
    private const int MaxScratchDrafts = 64;

    [ThreadStatic]
    private static List<FindingDraft>? t_drafts;

    [ThreadStatic]
    private static ScopeDetectionContext? t_context;

    private readonly (string Rule, IScopeDetector Detector)[] _detectors;

    // Only built-in rules run: none keeps the context, so one per thread is reused instead of one per scope.
    private readonly bool _builtInOnly;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">Thresholds and severities; validated here. Defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ScopeAnalyzer(DetectionOptions? options = null)
    {
        Options = options ?? new DetectionOptions();
        Options.Validate();
        (string, IScopeDetector)[] builtIn =
        [
            (RuleIds.NPlusOne, new NPlusOneDetector()),
            (RuleIds.NPlusOneWrite, new NPlusOneWriteDetector()),
            (RuleIds.DuplicateQuery, new DuplicateQueryDetector()),
            (RuleIds.TooManyQueries, new TooManyQueriesDetector()),
            (RuleIds.SlowQuery, new SlowQueryDetector()),
            (RuleIds.SlowScope, new SlowScopeDetector()),
            (RuleIds.UnboundedResult, new UnboundedResultDetector()),
            (RuleIds.CheckThenInsert, new CheckThenInsertDetector()),
        ];
        _detectors = [.. builtIn.Where(d => Options.IsEnabled(d.Item1)), .. Options.Detectors.Select(d => (d.GetType().Name, d))];
        _builtInOnly = Options.Detectors.Count == 0;
    }

    /// <summary>The options in force.</summary>
    public DetectionOptions Options { get; }

    /// <summary>What a context kept for reuse points at between scopes.</summary>
    private static QueryScope EmptyScope { get; } = new Recording.QueryScopeBuilder("(none)").Build();

    /// <summary>Called when a detector throws: the detector's name and the exception. Must not throw itself.</summary>
    public Action<string, Exception>? DetectorFailed { get; init; }

    /// <summary>Runs every detector over one scope; suppressed findings are left out.</summary>
    /// <param name="scope">The finished scope.</param>
    /// <returns>The findings, in rule order.</returns>
    public IReadOnlyList<Finding> Analyze(QueryScope scope) => Analyze(scope, suppressed: null);

    /// <summary>
    /// Runs every detector over one scope, then takes out the findings that a
    /// <see cref="DetectionOptions.Suppressions"/> entry or a <c>querydoctor:allow</c> comment on their
    /// statements covers, and adds those to <paramref name="suppressed"/> (so reports can list them).
    /// </summary>
    /// <param name="scope">The finished scope.</param>
    /// <param name="suppressed">Receives the suppressed findings; <see langword="null"/> to drop them.</param>
    /// <returns>The findings that were not suppressed, in rule order.</returns>
    public IReadOnlyList<Finding> Analyze(QueryScope scope, ICollection<SuppressedFinding>? suppressed)
    {
        ArgumentNullException.ThrowIfNull(scope);

        // A scratch list per thread (taken, so a detector that judges another scope gets its own): a clean scope, the
        // usual one, allocates no list of drafts.
        var drafts = t_drafts ?? [];
        t_drafts = null;
        try
        {
            Draft(scope, drafts, suppressed);
            return drafts.Count == 0 ? Array.Empty<Finding>() : drafts.ConvertAll(d => d.Complete());
        }
        finally
        {
            drafts.Clear();
            if (drafts.Capacity <= MaxScratchDrafts)
            {
                t_drafts = drafts;
            }
        }
    }

    /// <summary>
    /// <see cref="Analyze(QueryScope, ICollection{SuppressedFinding})"/> with the texts of the findings left unwritten
    /// (<see cref="FindingDraft"/>): the findings that were not suppressed go to <paramref name="drafts"/> (emptied
    /// first), in rule order; suppressed ones are written and go to <paramref name="suppressed"/>.
    /// </summary>
    internal void Draft(QueryScope scope, List<FindingDraft> drafts, ICollection<SuppressedFinding>? suppressed)
    {
        drafts.Clear();
        ScopeDetectionContext context;
        if (_builtInOnly && t_context is { } kept)
        {
            // Taken, so a detector that judges another scope meanwhile gets its own.
            t_context = null;
            kept.Reuse(scope, Options);
            context = kept;
        }
        else
        {
            context = new ScopeDetectionContext(scope, Options);
        }

        foreach (var (rule, detector) in _detectors)
        {
            var start = drafts.Count;
            try
            {
                if (detector is DraftingDetector drafter)
                {
                    drafter.Draft(context, drafts);
                }
                else
                {
                    foreach (var finding in detector.Detect(context))
                    {
                        if (finding is not null)
                        {
                            drafts.Add(new FindingDraft(finding));
                        }
                    }
                }
            }
#pragma warning disable CA1031 // A detector must never break the host: any failure is reported and skipped.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                try
                {
                    DetectorFailed?.Invoke(rule, exception);
                }
#pragma warning disable CA1031
                catch
#pragma warning restore CA1031
                {
                    // The failure callback failed too: nothing else can be done without risking the host.
                }
            }

            // Only findings of enabled rules (a custom detector may report any rule id).
            for (var i = drafts.Count - 1; i >= start; i--)
            {
                if (!Options.IsEnabled(drafts[i].Facts.Rule))
                {
                    drafts.RemoveAt(i);
                }
            }
        }

        if (_builtInOnly)
        {
            // Not kept past this call: the scope is not pinned by the thread's context.
            context.Reuse(EmptyScope, Options);
            t_context = context;
        }

        if (drafts.Count > 0)
        {
            Suppress(scope, drafts, suppressed);
        }
    }

    /// <summary>
    /// Applies the suppressions to findings produced outside the detectors (live capture's enrichers add the
    /// EF Core-only <c>cartesian-explosion</c>), so configuration and <c>querydoctor:allow</c> comments cover them too.
    /// </summary>
    internal IReadOnlyList<Finding> ApplySuppressions(QueryScope scope, IReadOnlyList<Finding> findings, ICollection<SuppressedFinding>? suppressed)
    {
        if (findings.Count == 0 || (!IsTagged(scope) && Options.Suppressions.Count == 0))
        {
            return findings;
        }

        // Finished findings are drafts whose texts are written already.
        var drafts = new List<FindingDraft>(findings.Count);
        foreach (var finding in findings)
        {
            drafts.Add(new FindingDraft(finding));
        }

        Suppress(scope, drafts, suppressed);
        return drafts.ConvertAll(d => d.Facts);
    }

    private static bool IsScopeWide(Finding finding) =>
        finding.Fingerprint is null || finding.Rule is RuleIds.TooManyQueries or RuleIds.SlowScope;

    /// <summary>
    /// Whether the statements a finding is about allow its rule in a comment. A statement finding is
    /// allowed when every group of its fingerprint at its call sites allows the rule; a scope-wide finding
    /// (too-many-queries, slow-scope, findings without a fingerprint) when any statement of the scope does.
    /// </summary>
    private static bool AllowedByTag(QueryScope scope, Finding finding)
    {
        var wide = IsScopeWide(finding);
        var involved = 0;
        foreach (var group in scope.GroupSpan)
        {
            var allows = group.Allowed is { } rules && rules.Contains(finding.Rule);
            if (wide)
            {
                if (allows)
                {
                    return true;
                }

                continue;
            }

            if (!string.Equals(group.Fingerprint.Id, finding.Fingerprint, StringComparison.Ordinal) || !IsAt(group.CallSite, finding))
            {
                continue;
            }

            if (!allows)
            {
                return false;
            }

            involved++;
        }

        return involved > 0;
    }

    private static bool IsAt(CallSite callSite, Finding finding)
    {
        if (callSite.IsUnknown || finding.CallSite is null)
        {
            return true;
        }

        return string.Equals(callSite.Text, finding.CallSite, StringComparison.Ordinal)
            || (finding.OtherCallSites?.Contains(callSite.Text, StringComparer.Ordinal) ?? false);
    }

    /// <summary>Removes the suppressed drafts, in place: suppression looks only at their facts (rule, shape, SQL, call sites).</summary>
    private void Suppress(QueryScope scope, List<FindingDraft> drafts, ICollection<SuppressedFinding>? suppressed)
    {
        var tagged = IsTagged(scope);
        if (!tagged && Options.Suppressions.Count == 0)
        {
            return;
        }

        var kept = 0;
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var by = SuppressedBy(scope, draft.Facts, tagged);
            if (by is null)
            {
                drafts[kept++] = draft;
            }
            else
            {
                suppressed?.Add(new SuppressedFinding { Finding = draft.Complete(), By = by });
            }
        }

        drafts.RemoveRange(kept, drafts.Count - kept);
    }

    private static bool IsTagged(QueryScope scope)
    {
        foreach (var group in scope.GroupSpan)
        {
            if (group.Allowed is not null)
            {
                return true;
            }
        }

        return false;
    }

    private string? SuppressedBy(QueryScope scope, Finding finding, bool tagged)
    {
        try
        {
            foreach (var suppression in Options.Suppressions)
            {
                if (suppression.Matches(finding))
                {
                    return suppression.ToString();
                }
            }

            return tagged && AllowedByTag(scope, finding) ? "tag " + AllowTag.Marker + " " + finding.Rule : null;
        }
#pragma warning disable CA1031 // A suppression that cannot be evaluated leaves the finding reported.
        catch
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
