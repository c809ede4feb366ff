using System.Text.Json;
using QueryDoctor.Detection;
using QueryDoctor.Rules;

namespace QueryDoctor.Reporting;

/// <summary>
/// Writes a report as SARIF 2.1.0, the format code-scanning tools read. Rule ids are the contract's
/// ids; a finding with a call site that names a file and line gets a physical location, every finding
/// with a scope gets a logical location, and the statement fingerprint is the result's partial
/// fingerprint so the same problem is recognised across runs.
/// </summary>
public static class SarifReportWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Writes a report to a stream as SARIF JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="rules">The rules that ran, described in the log; default: every scope rule.
    /// Rules that a finding names and this list does not are added from <see cref="RuleCatalogue"/>, or with their id only
    /// when the catalogue does not know them (a user's own detector).</param>
    public static void Write(AnalysisReport report, Stream stream, IEnumerable<RuleDescriptor>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var catalogue = Catalogue(report, rules ?? RuleCatalogue.OfKind(RuleKind.Scope));
        ReportJson.Write(stream, writer => Write(report, writer, catalogue));
    }

    /// <summary>Writes a report as SARIF text to a text writer, as the other report writers write.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="rules">The rules that ran; default: every scope rule.</param>
    public static void Write(AnalysisReport report, TextWriter writer, IEnumerable<RuleDescriptor>? rules = null) =>
        ReportText.Write(writer, ToSarif(report, rules));

    /// <summary>Writes a report as SARIF text.</summary>
    /// <param name="report">The report.</param>
    /// <param name="rules">The rules that ran; default: every scope rule.</param>
    /// <returns>The SARIF JSON.</returns>
    public static string ToSarif(AnalysisReport report, IEnumerable<RuleDescriptor>? rules = null) =>
        ReportJson.ToText(stream => Write(report, stream, rules));

    /// <summary>The SARIF level of a severity: <c>note</c>, <c>warning</c> or <c>error</c>.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The SARIF level.</returns>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Info => "note",
        Severity.Warning => "warning",
        _ => "error",
    };

    private static List<RuleDescriptor> Catalogue(AnalysisReport report, IEnumerable<RuleDescriptor> rules)
    {
        var catalogue = new List<RuleDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (seen.Add(rule.Id))
            {
                catalogue.Add(rule);
            }
        }

        foreach (var finding in report.Findings.Concat(report.Baselined).Concat(report.Suppressed.Select(s => s.Finding)))
        {
            if (seen.Add(finding.Rule))
            {
                // A catalogue rule that did not run as such (a live rule in an offline report), else a user's own detector.
                catalogue.Add(RuleCatalogue.Find(finding.Rule) ?? new RuleDescriptor
                {
                    Id = finding.Rule,
                    Kind = RuleKind.Scope,
                    DefaultSeverity = finding.Severity,
                    Title = finding.Rule,
                    Description = finding.Rule,
                });
            }
        }

        return catalogue;
    }

    private static void Write(AnalysisReport report, Utf8JsonWriter writer, List<RuleDescriptor> rules)
    {
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", ToolInfo.Name);
        writer.WriteString("version", ToolInfo.Version);
        writer.WriteString("semanticVersion", ToolInfo.Version);
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("name", Inspection.SchemaText.Pascal(rule.Id));
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title);
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", rule.Description);
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            WriteResult(finding, rules.FindIndex(r => r.Id == finding.Rule), writer, report.HasBaseline ? "new" : null);
        }

        foreach (var finding in report.Baselined)
        {
            WriteResult(finding, rules.FindIndex(r => r.Id == finding.Rule), writer, "unchanged");
        }

        foreach (var suppressed in report.Suppressed)
        {
            var finding = suppressed.Finding;
            WriteResult(finding, rules.FindIndex(r => r.Id == finding.Rule), writer, report.HasBaseline ? "new" : null, suppressed.By);
        }

        writer.WriteEndArray();

        writer.WriteStartObject("properties");
        writer.WriteNumber("events", report.EventCount);
        writer.WriteNumber("scopes", report.ScopeCount);
        JsonReportWriter.WriteInputCounts(report, writer);

        writer.WriteEndObject();

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteResult(Finding finding, int ruleIndex, Utf8JsonWriter writer, string? baselineState, string? suppressedBy = null)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.Rule);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", Level(finding.Severity));
        writer.WriteStartObject("message");
        writer.WriteString("text", finding.Suggestion is null ? finding.Message : finding.Message + " " + finding.Suggestion);
        writer.WriteEndObject();

        var hasFile = CallSiteLocation.TryParse(finding.CallSite, out var location);
        var logicalName = finding.Scope ?? finding.Table;
        if (hasFile || logicalName is not null)
        {
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            if (hasFile)
            {
                writer.WriteStartObject("physicalLocation");
                writer.WriteStartObject("artifactLocation");
                writer.WriteString("uri", ArtifactUri(location!.File));
                writer.WriteEndObject();
                writer.WriteStartObject("region");
                writer.WriteNumber("startLine", location.Line);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            if (logicalName is not null)
            {
                writer.WriteStartArray("logicalLocations");
                writer.WriteStartObject();
                writer.WriteString("name", logicalName);
                writer.WriteString("kind", finding.Scope is not null ? "function" : "member");
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (baselineState is not null)
        {
            writer.WriteString("baselineState", baselineState);
        }

        if (baselineState == "unchanged" || suppressedBy is not null)
        {
            // Code-scanning tools hide suppressed results: the baseline, a configured suppression or a
            // querydoctor:allow comment in the statement (in source) accepted this one.
            writer.WriteStartArray("suppressions");
            writer.WriteStartObject();
            writer.WriteString("kind", suppressedBy?.StartsWith("tag ", StringComparison.Ordinal) == true ? "inSource" : "external");
            writer.WriteString("justification", suppressedBy is null ? "In the QueryDoctor baseline." : "Suppressed by " + suppressedBy + ".");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (finding.Fingerprint is not null)
        {
            writer.WriteStartObject("partialFingerprints");
            writer.WriteString("queryFingerprint/v1", finding.Fingerprint);
            writer.WriteEndObject();
        }

        // Everything the findings JSON carries, under the same names, so nothing is lost in SARIF.
        writer.WriteStartObject("properties");
        JsonReportWriter.WriteFindingProperties(finding, writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string ArtifactUri(string file)
    {
        if (file.StartsWith('/'))
        {
            return "file://" + Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal);
        }

        if (file.Length > 2 && file[1] == ':' && file[2] == '/')
        {
            return "file:///" + file[..2] + Uri.EscapeDataString(file[2..]).Replace("%2F", "/", StringComparison.Ordinal);
        }

        return Uri.EscapeDataString(file).Replace("%2F", "/", StringComparison.Ordinal);
    }
}
