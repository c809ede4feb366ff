using System.Globalization;
using System.Net;
using System.Text;
using QueryDoctor.Reporting.Charts;

namespace QueryDoctor.Reporting;

/// <summary>
/// Writes a report as one self-contained HTML page (no scripts, no external resources): a summary,
/// the findings per rule, and one section per scope with each finding, its evidence and its fix.
/// Every value from the input is HTML-encoded.
/// </summary>
public static class HtmlReportWriter
{
    /// <summary>Writes a report as an HTML page.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(AnalysisReport report, TextWriter writer) => ReportText.Write(writer, ToHtml(report));

    /// <summary>Renders a report as an HTML page.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The HTML.</returns>
    public static string ToHtml(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>QueryDoctor report</title>\n<style>").Append(ReportStylesheet.Css).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>QueryDoctor report</h1>\n<p class=\"meta\">")
            .Append(ReportText.Summary(report, " · ")).Append("</p>\n"); // numbers and our own name and version: nothing to encode

        if (report.Findings.Count == 0)
        {
            html.Append(report.HasBaseline ? "<p class=\"clean\">No new findings.</p>\n" : "<p class=\"clean\">No findings.</p>\n");
            AppendAccepted(report, html);
            html.Append("</body>\n</html>\n");
            return html.ToString();
        }

        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{report.Findings.Count} finding{ReportText.Plural(report.Findings.Count)}</strong></p>\n<p class=\"chips\">");
        foreach (var (rule, count) in report.CountByRule())
        {
            html.Append("<span><code>").Append(Encode(rule)).Append("</code> ")
                .Append(count.ToString(CultureInfo.InvariantCulture)).Append("</span>");
        }

        html.Append("</p>\n");

        var charts = 0;
        foreach (var group in report.Findings.GroupBy(f => f.Scope))
        {
            var scope = report.Scopes.FirstOrDefault(s => s.Name == group.Key);
            html.Append("<section>\n<h2>").Append(Encode(group.Key ?? "Database")).Append("</h2>\n");
            if (scope is not null)
            {
                html.Append("<p class=\"meta\">").Append(ReportText.ScopeTotals(scope)).Append("</p>\n");
                html.Append(WaterfallChart.Render(scope, group, new WaterfallChartOptions { Id = "waterfall-" + (++charts).ToString(CultureInfo.InvariantCulture) })).Append('\n');
            }
            else if (report.ScopeSummaries.FirstOrDefault(s => s.Name == group.Key) is { } summary)
            {
                html.Append("<p class=\"meta\">").Append(Encode(summary.Describe())).Append("</p>\n");
                if (summary.Example is { } example)
                {
                    // A streamed analysis keeps no instance, only one example per scope name with its bounded timeline.
                    var caption = example.Instance.ScopeId is { } scopeId ? "example instance " + scopeId : "the example instance";
                    html.Append(WaterfallChart.Render(example.Instance, example.Findings, new WaterfallChartOptions
                    {
                        Id = "waterfall-" + (++charts).ToString(CultureInfo.InvariantCulture),
                        Caption = caption,
                    })).Append('\n');
                }
            }

            html.Append("<table>\n<thead><tr><th>Severity</th><th>Rule</th><th>Count</th><th>Finding and fix</th></tr></thead>\n<tbody>\n");
            foreach (var finding in group)
            {
                var severity = JsonReportWriter.SeverityText(finding.Severity);
                html.Append("<tr><td class=\"sev ").Append(severity).Append("\">").Append(severity).Append("</td>")
                    .Append("<td><code>").Append(Encode(finding.Rule)).Append("</code></td>")
                    .Append("<td class=\"n\">").Append(finding.Count?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td>")
                    .Append(Encode(finding.Message));
                if (finding.CallSite is not null)
                {
                    html.Append("<br>at <code>").Append(Encode(finding.CallSite)).Append("</code>");
                }

                if (finding.Table is not null)
                {
                    html.Append("<br>table <code>").Append(Encode(finding.Table)).Append("</code>");
                    if (finding.Columns is { Count: > 0 } columns)
                    {
                        html.Append(" (").Append(Encode(string.Join(", ", columns))).Append(')');
                    }
                }

                if (finding.Sql is not null)
                {
                    html.Append("<pre>").Append(Encode(finding.Sql)).Append("</pre>");
                }

                if (finding.Suggestion is not null)
                {
                    html.Append("<div class=\"fix\">").Append(Encode(finding.Suggestion)).Append("</div>");
                }

                if (finding.Ddl is not null)
                {
                    html.Append("<pre>").Append(Encode(finding.Ddl)).Append("</pre>");
                }

                html.Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        AppendAccepted(report, html);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendAccepted(AnalysisReport report, StringBuilder html)
    {
        if (report.Suppressed.Count > 0)
        {
            html.Append("<section id=\"suppressed\">\n<h2>Suppressed</h2>\n<p class=\"meta\">").Append(Encode(ReportText.Suppressed(report))).Append("</p>\n<ul>\n");
            foreach (var suppressed in report.Suppressed)
            {
                html.Append("<li>").Append(Encode(ReportText.SuppressedLine(suppressed))).Append("</li>\n");
            }

            html.Append("</ul>\n</section>\n");
        }

        if (!report.HasBaseline)
        {
            return;
        }

        html.Append("<section id=\"baselined\">\n<h2>Baselined</h2>\n<p class=\"meta\">").Append(Encode(ReportText.Baselined(report))).Append("</p>\n");
        if (report.Baselined.Count > 0)
        {
            html.Append("<ul>\n");
            foreach (var finding in report.Baselined)
            {
                html.Append("<li><code>").Append(Encode(finding.Rule)).Append("</code> ")
                    .Append(Encode(finding.Scope ?? finding.Table ?? "")).Append(": ").Append(Encode(finding.Message)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
