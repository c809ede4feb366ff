using System.Globalization;
using System.Text;
using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Testing;

/// <summary>How failures name statements and findings: normalised SQL (never values), counts, call sites, fixes.</summary>
internal static class FailureText
{
    public const int MaxSqlLength = 200;
    public const int MaxListed = 10;
    public const string Indent = "      ";

    public static string Sql(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "(no SQL)";
        }

        return text.Length <= MaxSqlLength ? text : string.Concat(text.AsSpan(0, MaxSqlLength), "…");
    }

    public static string CallSite(CallSite callSite) => callSite.IsUnknown ? "(unknown call site)" : callSite.Text;

    /// <summary>One statement group: <c>12 x select … / at Site</c>.</summary>
    public static void AppendGroup(StringBuilder text, StatementGroup group, string? count = null)
    {
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{Indent}{count ?? group.Count.ToString(CultureInfo.InvariantCulture)} x {Sql(group.Fingerprint.Text)}");
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{Indent}  at {CallSite(group.CallSite)}");
    }

    /// <summary>A finding: rule and message, then its statement, count, call sites and fix, one per line.</summary>
    public static void AppendFinding(StringBuilder text, Finding finding, string? note = null)
    {
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{Indent}[{finding.Rule}] {finding.Message}");
        if (note is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({note})");
        }

        if (finding.Sql is not null)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{Indent}  sql: {Sql(finding.Sql)}");
        }

        if (finding.Count is { } count)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{Indent}  count: {count}");
        }

        if (finding.CallSite is not null)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{Indent}  at: {finding.CallSite}");
            foreach (var other in finding.OtherCallSites ?? [])
            {
                text.Append(CultureInfo.InvariantCulture, $"; {other}");
            }
        }

        if (finding.Suggestion is not null)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{Indent}  fix: {finding.Suggestion}");
        }
    }

    public static void AppendSuppressed(StringBuilder text, SuppressedFinding suppressed) =>
        AppendFinding(text, suppressed.Finding, "suppressed by " + suppressed.By);

    public static string Plural(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);
}
