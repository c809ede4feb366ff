using System.Globalization;
using QueryDoctor.Detection;

namespace QueryDoctor.Analysis;

/// <summary>
/// How a finding aggregated across scope instances is said in words, the same in every format:
/// <c>in 37 of 40 GET /articles/{slug} requests, up to 20 times</c>.
/// </summary>
public static class InstanceWording
{
    private static readonly string[] HttpMethods = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ", "TRACE ", "CONNECT "];

    /// <summary>
    /// The phrase for a finding, or <see langword="null"/> when there is nothing to say across instances (a finding
    /// of one instance, a scope judged once: "1 of 1" is not said).
    /// </summary>
    /// <param name="finding">The finding.</param>
    /// <returns>The phrase, without a leading separator.</returns>
    public static string? Describe(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding is not { Occurrences: { } occurrences, Instances: { } instances, Scope: { } scope } || instances <= 1)
        {
            return null;
        }

        return Describe(occurrences, instances, scope, finding.Count, finding.Rule);
    }

    /// <summary><c>in 37 of 40 GET /articles/{slug} requests, up to 20 times</c>.</summary>
    /// <param name="occurrences">Instances the finding fired in.</param>
    /// <param name="instances">Instances of the scope judged.</param>
    /// <param name="scope">The scope's name.</param>
    /// <param name="count">The largest count in one instance, when the rule counts.</param>
    /// <param name="rule">The rule id (says what is counted).</param>
    /// <returns>The phrase.</returns>
    public static string Describe(int occurrences, int instances, string scope, int? count, string rule)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var text = string.Create(CultureInfo.InvariantCulture, $"in {occurrences} of {instances} {scope} {Noun(scope, instances)}");
        if (count is not { } largest)
        {
            return text;
        }

        var unit = rule == RuleIds.TooManyQueries ? (largest == 1 ? "statement" : "statements") : (largest == 1 ? "time" : "times");
        return text + string.Create(CultureInfo.InvariantCulture, $", {(occurrences > 1 ? "up to " : "")}{largest} {unit}");
    }

    /// <summary><c>requests</c> for a scope named after an HTTP method, <c>runs</c> otherwise.</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="count">How many (for the plural).</param>
    /// <returns>The noun.</returns>
    public static string Noun(string scope, long count)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var http = HttpMethods.Any(m => scope.StartsWith(m, StringComparison.OrdinalIgnoreCase));
        return (http ? "request" : "run") + (count == 1 ? "" : "s");
    }
}
