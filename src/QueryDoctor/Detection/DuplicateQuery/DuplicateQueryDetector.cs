using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Detection.DuplicateQuery;

/// <summary>
/// <c>duplicate-query</c>: one fingerprint with identical known values (or none at all) at least N times
/// in one scope, from any call sites, unless every one of those statements already belongs to an
/// <c>n-plus-one</c> finding. One finding per scope and fingerprint.
/// </summary>
internal sealed class DuplicateQueryDetector : IScopeDetector
{
    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        if (!MayRepeat(context.Scope.Groups, context.Options.DuplicateQueryThreshold))
        {
            yield break;
        }

        var byFingerprint = new Dictionary<SqlFingerprint, List<StatementGroup>>();
        var order = new List<SqlFingerprint>();
        foreach (var group in context.Scope.Groups)
        {
            // A polling loop repeats its statement on purpose, with a wait between: not a duplicate.
            if (group.Fingerprint.Kind != SqlStatementKind.Select || group.ValueCounts.Count == 0 || context.IsPolling(group))
            {
                continue;
            }

            if (!byFingerprint.TryGetValue(group.Fingerprint, out var groups))
            {
                byFingerprint.Add(group.Fingerprint, groups = []);
                order.Add(group.Fingerprint);
            }

            groups.Add(group);
        }

        foreach (var fingerprint in order)
        {
            var groups = byFingerprint[fingerprint];
            var totals = new Dictionary<ulong, int>();
            foreach (var group in groups)
            {
                foreach (var (values, count) in group.ValueCounts)
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

            var callSites = new List<CallSite>();
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
                    if (group.ValueCounts.ContainsKey(values) && !context.IsNPlusOne(group))
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
                    if (group.ValueCounts.TryGetValue(values, out var count))
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
                continue;
            }

            var table = FindingText.TableOf(fingerprint);
            var from = callSites.Count switch
            {
                1 => FindingText.At(callSites[0]),
                _ => $" from {callSites.Count} call sites",
            };
            var what = repeatedValueSets == 1 ? "with identical values" : $"with {repeatedValueSets} repeated value sets";
            var known = callSites.Where(c => !c.IsUnknown).Select(c => c.Text).ToList();
            yield return new Finding
            {
                Rule = RuleIds.DuplicateQuery,
                Severity = context.Options.SeverityOf(RuleIds.DuplicateQuery),
                Scope = context.Scope.Name,
                Message = $"the same {table} query ran {repeated} times {what}{from}",
                Count = repeated,
                Fingerprint = fingerprint.Id,
                Sql = fingerprint.Text,
                CallSite = known.Count > 0 ? known[0] : null,
                OtherCallSites = known.Count > 1 ? known.Skip(1).ToList() : null,
                Table = fingerprint.MainTable,
                Columns = FindingText.FilterColumns(fingerprint) is { Count: > 0 } columns ? columns : null,
                DurationMs = FindingText.MsOrNull(duration),
                DistinctValues = unknown ? null : totals.Count + groups.Sum(g => g.UntrackedValueCount),
                Callers = callSites.Count == 1 ? FindingText.CallersOrNull(callSites[0]) : null,
                Suggestion =
                    "Query it once per unit of work and reuse the result: pass it down, keep it in a local, " +
                    "or cache it for the request (e.g. a scoped service or IMemoryCache for settings).",
            };
        }
    }

    /// <summary>
    /// A cheap, allocation-free pre-check: false only when no value set can reach the threshold, i.e.
    /// no eligible group repeats a value set that often and no shape has two eligible groups whose
    /// counts could add up. Most scopes end here.
    /// </summary>
    private static bool MayRepeat(IReadOnlyList<StatementGroup> groups, int threshold)
    {
        const int PairwiseLimit = 32;
        if (groups.Count > PairwiseLimit)
        {
            return true;
        }

        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            if (!IsEligible(group))
            {
                continue;
            }

            foreach (var count in group.Values.CountSpan)
            {
                if (count >= threshold)
                {
                    return true;
                }
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

    private static bool IsEligible(StatementGroup group) =>
        group.Fingerprint.Kind == SqlStatementKind.Select && group.ValueCounts.Count > 0;
}
