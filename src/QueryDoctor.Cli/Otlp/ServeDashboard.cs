using System.Globalization;
using System.Net;
using System.Text;
using QueryDoctor.Otlp;
using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Otlp;

/// <summary>
/// The page at <c>/</c>: what was received (and what was dropped) above the findings report, server-rendered,
/// every value HTML-encoded, no script (the content security policy forbids it).
/// </summary>
internal static class ServeDashboard
{
    public static string Render(AnalysisReport report, TraceInputSummary summary, long rejected, OtlpReceiverOptions options)
    {
        var html = HtmlReportWriter.ToHtml(report);
        var stats = new StringBuilder("<section><h2>Received</h2><table><tbody>");
        Row(stats, "spans", summary.Spans);
        Row(stats, "traces", summary.Traces);
        Row(stats, "scope instances judged", summary.Instances);
        Row(stats, "traces open (waiting " + options.Assembly.TraceTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s after the last span)", summary.OpenTraces);
        Row(stats, "orphan statements (no root span)", summary.OrphanStatements);
        Row(stats, "traces judged early (bound of " + options.Assembly.MaxOpenTraces.ToString(CultureInfo.InvariantCulture) + " open traces reached)", summary.JudgedEarly);
        Row(stats, "traces dropped without a root (bound reached)", summary.DroppedTraces);
        Row(stats, "spans dropped (per-trace bound)", summary.DroppedSpans);
        Row(stats, "late spans (trace already judged)", summary.LateSpans);
        Row(stats, "requests rejected (bad body, type or size)", rejected);
        stats.Append("</tbody></table></section>\n");
        var body = html.IndexOf("<body>", StringComparison.Ordinal);
        return body < 0 ? stats + html : html.Insert(body + "<body>".Length, "\n<h1>querydoctor serve</h1>\n" + stats);
    }

    private static void Row(StringBuilder html, string label, long value) =>
        html.Append("<tr><th>").Append(WebUtility.HtmlEncode(label)).Append("</th><td>")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
}
