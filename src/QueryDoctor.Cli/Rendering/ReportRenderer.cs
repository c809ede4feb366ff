using QueryDoctor.Detection;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Cli.Rendering;

/// <summary>Renders a findings report in the format <c>--format</c> names; one place for every verb that reports findings.</summary>
internal static class ReportRenderer
{
    public static void Render(string format, AnalysisReport report, TextWriter writer, bool colors, IEnumerable<RuleDescriptor>? rules = null, bool workload = true)
    {
        switch (format)
        {
            case "json":
                JsonReportWriter.Write(report, writer);
                break;
            case "sarif":
                SarifReportWriter.Write(report, writer, rules);
                break;
            case "markdown":
                MarkdownReportWriter.Write(report, writer);
                break;
            case "html":
                HtmlReportWriter.Write(report, writer);
                break;
            default:
                ConsoleReportRenderer.Render(report, writer, colors, workload);
                break;
        }
    }
}
