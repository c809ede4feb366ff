using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.DuplicateQuery;

/// <summary>
/// <c>duplicate-query</c>: one fingerprint with identical known values (or none at all) at least N times
/// in one scope, from any call sites, unless every one of those statements already belongs to an
/// <c>n-plus-one</c> finding. One finding per scope and fingerprint.
/// </summary>
internal sealed class DuplicateQueryDetector : DraftingDetector
{
    private const int PairwiseLimit = 32;

    private const string Advice =
        "Query it once per unit of work and reuse the result: pass it down, keep it in a local, " +
        "or cache it for the request (e.g. a scoped service or IMemoryCache for settings).";

    // Scratch tables above this size are not kept for the next judgement.
    private const int MaxScratch = 1024;

    private static readonly Func<Finding, object?, Finding> WriteTexts = Write;

    [ThreadStatic]
    private static Dictionary<ulong, int>? t_totals;

    [ThreadStatic]
    private static List<CallSite>? t_callSites;

    public override void Draft(ScopeDetectionContext context, List<FindingDraft> drafts)
    {
        var scopeGroups = context.Scope.GroupSpan;
        var threshold = context.Options.DuplicateQueryThreshold;
        if (!MayRepeat(scopeGroups, threshold))
        {
            return;
        }

        // The candidate groups of each fingerprint, fingerprints in order of their first candidate group. Few groups
        // (the usual scope) are matched pairwise without allocating; many through a dictionary.
        Dictionary<SqlFingerprint, List<StatementGroup>>? byFingerprint = null;
        if (scopeGroups.Length > PairwiseLimit)
        {
            byFingerprint = [];
            foreach (var group in scopeGroups)
            {
                if (IsCandidate(group, context))
                {
                    if (!byFingerprint.TryGetValue(group.Fingerprint, out var list))
                    {
                        byFingerprint.Add(group.Fingerprint, list = []);
                    }

                    list.Add(group);
                }
            }
        }

        List<StatementGroup>? same = null;
        for (var i = 0; i < scopeGroups.Length; i++)
        {
            var first = scopeGroups[i];
            if (!IsCandidate(first, context))
            {
                continue;
            }

            List<StatementGroup> groups;
            if (byFingerprint is not null)
            {
                groups = byFingerprint[first.Fingerprint];
                if (!ReferenceEquals(groups[0], first))
                {
                    continue;
                }
            }
            else
            {
                if (HasEarlierCandidate(scopeGroups, i, context))
                {
                    continue;
                }

                groups = same ??= [];
                groups.Clear();
                groups.Add(first);
                for (var j = i + 1; j < scopeGroups.Length; j++)
                {
                    if (scopeGroups[j].Fingerprint.Equals(first.Fingerprint) && IsCandidate(scopeGroups[j], context))
                    {
                        groups.Add(scopeGroups[j]);
                    }
                }
            }

            // One group whose every value set ran fewer times than the threshold repeats nothing (most shapes).
            if (groups.Count == 1 && !Repeats(first, threshold))
            {
                continue;
            }

            if (Judge(context, first.Fingerprint, groups) is { } draft)
            {
                drafts.Add(draft);
            }
        }
    }

    private static FindingDraft? Judge(ScopeDetectionContext context, SqlFingerprint fingerprint, List<StatementGroup> groups)
    {
        // Scratch tables reused by the thread's next judgement (a streaming analysis judges tens of thousands of
        // scopes): cleared, not reallocated. A cleared dictionary enumerates in insertion order like a new one.
        var totals = t_totals ??= [];
        var callSites = t_callSites ??= [];
        totals.Clear();
        callSites.Clear();
        try
        {
            return Judge(context, fingerprint, groups, totals, callSites);
        }
        finally
        {
            if (totals.Count > MaxScratch)
            {
                t_totals = null;
            }

            if (callSites.Count > MaxScratch)
            {
                t_callSites = null;
            }
        }
    }

    private static FindingDraft? Judge(ScopeDetectionContext context, SqlFingerprint fingerprint, List<StatementGroup> groups, Dictionary<ulong, int> totals, List<CallSite> callSites)
    {
        foreach (var group in groups)
        {
            foreach (var (values, count) in group.Values)
            {
                totals[values] = totals.GetValueOrDefault(values) + count;
            }
        }

        var repeated = 0;
        var repeatedValueSets = 0;
        var unknown = false;
        foreach (var group in groups)
        {
            unknown |= group.DistinctValues is null;
        }

        var duration = TimeSpan.Zero;
        foreach (var (values, total) in totals)
        {
            if (total < context.Options.DuplicateQueryThreshold)
            {
                continue;
            }

            var outsideNPlusOne = false;
            foreach (var group in groups)
            {
                if (group.Values.ContainsKey(values) && !context.IsNPlusOne(group))
                {
                    outsideNPlusOne = true;
                    break;
                }
            }

            if (!outsideNPlusOne)
            {
                continue;
            }

            repeated += total;
            repeatedValueSets++;
            foreach (var group in groups)
            {
                if (group.Values.TryGetValue(values, out var count))
                {
                    if (!callSites.Contains(group.CallSite))
                    {
                        callSites.Add(group.CallSite);
                    }

                    if (group.Count > 0)
                    {
                        duration += group.TotalDuration * ((double)count / group.Count);
                    }
                }
            }
        }

        if (repeated == 0)
        {
            return null;
        }

        string? firstKnown = null;
        List<string>? otherKnown = null;
        foreach (var callSite in callSites)
        {
            if (callSite.IsUnknown)
            {
                continue;
            }

            if (firstKnown is null)
            {
                firstKnown = callSite.Text;
            }
            else
            {
                (otherKnown ??= []).Add(callSite.Text);
            }
        }

        var untracked = 0;
        foreach (var group in groups)
        {
            untracked += group.UntrackedValueCount;
        }

        return new FindingDraft(
            new Finding
            {
                Rule = RuleIds.DuplicateQuery,
                Severity = context.Options.SeverityOf(RuleIds.DuplicateQuery),
                Scope = context.Scope.Name,
                Message = "",
                Count = repeated,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = firstKnown,
                OtherCallSites = otherKnown,
                Table = fingerprint.MainTable,
                DurationMs = FindingText.MsOrNull(duration),
                DistinctValues = unknown ? null : totals.Count + untracked,
                Callers = callSites.Count == 1 ? FindingText.CallersOrNull(callSites[0]) : null,
            },
            WriteTexts,
            new Texts(fingerprint, repeatedValueSets, callSites.Count, callSites[0]));
    }

    /// <summary>The message, filter columns and suggestion of a drafted finding.</summary>
    private static Finding Write(Finding facts, object? state)
    {
        var texts = (Texts)state!;
        var table = FindingText.TableOf(texts.Fingerprint);
        var from = texts.CallSites switch
        {
            1 => FindingText.At(texts.FirstCallSite),
            _ => $" from {texts.CallSites} call sites",
        };
        var what = texts.ValueSets == 1 ? "with identical values" : $"with {texts.ValueSets} repeated value sets";
        return facts with
        {
            Message = $"the same {table} query ran {facts.Count} times {what}{from}",
            Columns = FindingText.FilterColumns(texts.Fingerprint) is { Count: > 0 } columns ? columns : null,
            Suggestion = Advice,
        };
    }

    /// <summary>
    /// A cheap, allocation-free pre-check: false only when no value set can reach the threshold, i.e.
    /// no eligible group repeats a value set that often and no shape has two eligible groups whose
    /// counts could add up. Most scopes end here.
    /// </summary>
    private static bool MayRepeat(ReadOnlySpan<StatementGroup> groups, int threshold)
    {
        if (groups.Length > PairwiseLimit)
        {
            return true;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            if (!IsEligible(group))
            {
                continue;
            }

            if (Repeats(group, threshold))
            {
                return true;
            }

            for (var j = 0; j < i; j++)
            {
                if (IsEligible(groups[j]) && groups[j].Fingerprint.Equals(group.Fingerprint))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // A polling loop repeats its statement on purpose, with a wait between: not a duplicate.
    private static bool IsCandidate(StatementGroup group, ScopeDetectionContext context) =>
        IsEligible(group) && !context.IsPolling(group);

    private static bool HasEarlierCandidate(ReadOnlySpan<StatementGroup> groups, int index, ScopeDetectionContext context)
    {
        var fingerprint = groups[index].Fingerprint;
        for (var j = 0; j < index; j++)
        {
            if (groups[j].Fingerprint.Equals(fingerprint) && IsCandidate(groups[j], context))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Repeats(StatementGroup group, int threshold)
    {
        return group.Values.AnyCountAtLeast(threshold);
    }

    private static bool IsEligible(StatementGroup group) =>
        group.Fingerprint.Kind == SqlStatementKind.Select && group.Values.Count > 0;

    /// <summary>What a duplicate's message needs beyond its facts.</summary>
    private sealed record Texts(SqlFingerprint Fingerprint, int ValueSets, int CallSites, CallSite FirstCallSite);
}
