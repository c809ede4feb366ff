using System.Globalization;
using System.Text;
using QueryDoctor.Detection;
using QueryDoctor.Recording;
using QueryDoctor.Rules;

namespace QueryDoctor.Testing;

/// <summary>Compares the round trips of one block run at two data sizes and explains any growth.</summary>
internal static class ConstantQueries
{
    public static void Check(string name, (int Small, int Large) sizes, QueryScope small, QueryScope large, IReadOnlyList<Finding> largeFindings)
    {
        if (large.RoundTrips <= small.RoundTrips)
        {
            return;
        }

        var before = new Dictionary<(string, string), int>();
        foreach (var group in small.Groups)
        {
            var key = (group.Fingerprint.Id, group.CallSite.Text);
            before[key] = before.GetValueOrDefault(key) + group.RoundTrips;
        }

        var grown = large.Groups
            .Select(g => (Group: g, Before: before.GetValueOrDefault((g.Fingerprint.Id, g.CallSite.Text))))
            .Where(x => x.Group.RoundTrips > x.Before)
            .OrderByDescending(x => x.Group.RoundTrips - x.Before)
            .ToList();

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"constant queries: {large.RoundTrips} at size {sizes.Large}, {small.RoundTrips} at size {sizes.Small}: the query count grows with the data");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"QueryDoctor: the query count of '{name}' grows with the data: ");
        text.Append(CultureInfo.InvariantCulture, $"{FailureText.Plural(small.RoundTrips, "query", "queries")} at size {sizes.Small}, ");
        text.Append(CultureInfo.InvariantCulture, $"{FailureText.Plural(large.RoundTrips, "query", "queries")} at size {sizes.Large} (expected the same).");
        text.Append('\n');
        text.Append("  Statements whose count grew:");
        foreach (var (group, count) in grown.Take(FailureText.MaxListed))
        {
            FailureText.AppendGroup(text, group, string.Create(CultureInfo.InvariantCulture, $"{count} -> {group.RoundTrips}"));
            var fix = largeFindings.FirstOrDefault(f =>
                f.Rule is RuleIds.NPlusOne or RuleIds.NPlusOneWrite
                && string.Equals(f.Fingerprint, group.Fingerprint.Id, StringComparison.Ordinal)
                && string.Equals(f.CallSite ?? "", group.CallSite.Text, StringComparison.Ordinal))?.Suggestion;
            if (fix is not null)
            {
                text.Append('\n');
                text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}  fix: {fix}");
            }
        }

        if (grown.Count > FailureText.MaxListed)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}… and {grown.Count - FailureText.MaxListed} more statement shapes");
        }

        throw new QueryExpectationException(text.ToString(), [summary], innerException: null);
    }
}
