using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QueryDoctor.Analysis;
using QueryDoctor.Reporting.Charts;

namespace QueryDoctor.AspNetCore.Dashboard;

/// <summary>
/// One route's page (<c>/routes?name=GET%20/calendars/{id}</c>) over the recent requests: requests over time (a dot per
/// request on the time axis, its query count as height), queries per request (median and p95), database time, findings by
/// rule ("in 3 of 5 requests"), the worst requests with links, and the example request's waterfall. Server-rendered
/// inline SVG with text equivalents, no script. Stable hooks: <c>#route[data-name][data-requests]</c>,
/// <c>#requests-over-time circle.qd-request[data-request-id][data-queries]</c>, <c>#route-findings li[data-rule]</c>,
/// <c>#worst tr[data-request-id]</c>.
/// </summary>
internal static class RouteView
{
    private const int WorstShown = 10;
    private const double Width = 960;
    private const double Height = 200;
    private const double Left = 44;
    private const double Right = 12;
    private const double Top = 12;
    private const double Bottom = 26;

    /// <summary>The address of a route's page.</summary>
    public static string Link(string root, string route) => root + "/routes?name=" + Uri.EscapeDataString(route);

    public static IResult Render(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value;
        var root = DashboardEndpoints.Root(context, options);
        var name = context.Request.Query["name"].ToString();
        var requests = services.GetRequiredService<RequestHistory>().Recent()
            .Where(r => string.Equals(r.Name, name, StringComparison.Ordinal))
            .OrderBy(r => r.StartedAt)
            .ToList();
        if (requests.Count == 0)
        {
            var missing = DashboardEndpoints.Begin("Route not found", root, options);
            missing.Append("<p id=\"not-found\">No recent request of this route is kept (only the most recent requests are).</p>");
            return DashboardEndpoints.End(missing, StatusCodes.Status404NotFound);
        }

        // Judged as the requests page and `querydoctor analyze` judge: each request alone, findings aggregated per name.
        var snapshot = DashboardEndpoints.JudgeByRoute(requests);
        var summary = snapshot.ScopeSummaries.FirstOrDefault(s => s.Name == name);
        var findings = snapshot.Findings.Where(f => f.Scope == name).ToList();
        var databaseMs = requests.Select(r => r.DatabaseTime.TotalMilliseconds).Order().ToList();
        var c = CultureInfo.InvariantCulture;

        var html = DashboardEndpoints.Begin(name, root, options);
        html.Append(c, $"<h2 id=\"route\" data-name=\"{Encode(name)}\" data-requests=\"{requests.Count}\">{Encode(name)}</h2>");
        html.Append(c, $"<p id=\"route-summary\"><span id=\"route-requests\">{requests.Count}</span> recent {(requests.Count == 1 ? "request" : "requests")}");
        if (summary is not null)
        {
            html.Append(c, $" · queries per request <span id=\"queries-median\">{summary.QueriesMedian:0.#}</span> median, <span id=\"queries-p95\">{summary.QueriesP95:0.#}</span> p95");
            html.Append(c, $" · {summary.MillisecondsMedian:0.0} ms median, {summary.MillisecondsP95:0.0} ms p95 per request");
        }

        html.Append(c, $" · database time <span id=\"db-ms\">{databaseMs.Sum():0.0}</span> ms in all, {Median(databaseMs):0.0} ms median per request</p>");

        html.Append("<h2>Requests over time</h2>");
        AppendRequestsOverTime(html, requests, root);

        html.Append("<h2>Findings by rule</h2><ul id=\"route-findings\">");
        if (findings.Count == 0)
        {
            html.Append("<li class=\"muted\">No findings.</li>");
        }

        foreach (var finding in findings)
        {
            var occurrences = finding.Occurrences ?? 1;
            var instances = Math.Max(1, finding.Instances ?? requests.Count);
            var words = InstanceWording.Describe(occurrences, instances, name, finding.Count, finding.Rule);
            var share = Math.Clamp(occurrences / (double)instances, 0, 1);
            html.Append(c, $"<li data-rule=\"{Encode(finding.Rule)}\" data-occurrences=\"{occurrences}\" data-instances=\"{instances}\">");

            // A share bar beside the words (decorative: the words say the same).
            html.Append(c, $"<svg width=\"80\" height=\"9\" aria-hidden=\"true\"><rect width=\"80\" height=\"9\" fill=\"#eaeef2\" stroke=\"#57606a\" stroke-width=\"0.5\"/><rect width=\"{80 * share:0.#}\" height=\"9\" fill=\"#0072B2\"/></svg> ");
            html.Append("<span class=\"rule\">").Append(Encode(finding.Rule)).Append("</span> ").Append(Encode(words));
            if (finding.CallSite is { } site)
            {
                html.Append(" at <code class=\"call-site\">").Append(Encode(site)).Append("</code>");
            }

            html.Append("</li>");
        }

        html.Append("</ul>");

        html.Append("<h2>Worst requests</h2>");
        html.Append("<table id=\"worst\"><thead><tr><th>When (UTC)</th><th>Request</th><th>Status</th><th>Queries</th><th>DB ms</th><th>Total ms</th><th>Findings</th></tr></thead><tbody>");
        foreach (var request in requests.OrderByDescending(r => r.StatementCount).ThenByDescending(r => r.Duration).Take(WorstShown))
        {
            html.Append(c, $"<tr data-request-id=\"{request.Id}\" data-queries=\"{request.StatementCount}\"><td>{request.StartedAt.UtcDateTime:HH:mm:ss.fff}</td>");
            html.Append(c, $"<td><a class=\"request-link\" href=\"{Encode(root)}/requests/{request.Id}\">#{request.Id}</a></td><td class=\"n\">{request.Status}</td><td class=\"n\">{request.StatementCount}</td>");
            html.Append(c, $"<td class=\"n\">{request.DatabaseTime.TotalMilliseconds:0.0}</td><td class=\"n\">{request.Duration.TotalMilliseconds:0.0}</td><td class=\"n\">{request.FindingCount}</td></tr>");
        }

        html.Append("</tbody></table>");

        if (summary?.Example is { } example)
        {
            html.Append("<h2>Example request</h2><section id=\"example\">");
            var caption = example.Instance.ScopeId is { } id ? "example instance " + id : "the example request";
            html.Append(WaterfallChart.Render(example.Instance, example.Findings, new WaterfallChartOptions { Id = "waterfall", Caption = caption }));
            html.Append("</section>");
        }

        return DashboardEndpoints.End(html);
    }

    /// <summary>
    /// One dot per request on the time axis, its height the request's query count, linked to its page; requests with
    /// findings are filled dots, those without hollow ones (told apart by shape, so colour blindness and greyscale
    /// print lose nothing). A dashed line marks the median. The table under it says the same in text.
    /// </summary>
    private static void AppendRequestsOverTime(StringBuilder html, List<RequestRecord> requests, string root)
    {
        var c = CultureInfo.InvariantCulture;
        var first = requests[0].StartedAt;
        var spanMs = Math.Max(1, (requests[^1].StartedAt - first).TotalMilliseconds);
        var maxQueries = Math.Max(1, requests.Max(r => r.StatementCount));
        var yTop = NiceCeiling(maxQueries);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(DateTimeOffset at) => Left + ((at - first).TotalMilliseconds / spanMs * plotWidth);
        double Y(double queries) => Top + plotHeight - (queries / yTop * plotHeight);

        // Seconds on the axis unless the requests span less than a minute, then tenths so ticks differ.
        var timeFormat = spanMs < 60_000 ? "HH:mm:ss.f" : "HH:mm:ss";
        var withFindings = requests.Count(r => r.FindingCount > 0);
        var median = Median([.. requests.Select(r => (double)r.StatementCount).Order()]);
        var description = string.Create(c,
            $"{requests.Count} requests from {first.UtcDateTime:HH:mm:ss} to {requests[^1].StartedAt.UtcDateTime:HH:mm:ss} UTC, {requests.Min(r => r.StatementCount)} to {maxQueries} queries each (median {median:0.#}); {withFindings} with findings (filled dots).");
        html.Append(c, $"<figure class=\"qd-requests\" id=\"requests-over-time\" data-requests=\"{requests.Count}\">");
        html.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"rot-title rot-desc\" viewBox=\"0 0 {Width:0} {Height:0}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"system-ui,sans-serif\" font-size=\"11\">");
        html.Append("<title id=\"rot-title\">Queries per request over time</title>");
        html.Append("<desc id=\"rot-desc\">").Append(Encode(description)).Append("</desc>");

        // Axes: query counts on the left, time under the plot.
        html.Append("<g class=\"qd-axis\" fill=\"#57606a\" stroke=\"#d0d7de\">");
        for (var i = 0; i <= 4; i++)
        {
            var q = yTop * i / 4.0;
            html.Append(c, $"<line x1=\"{Left:0}\" y1=\"{Y(q):0.#}\" x2=\"{Width - Right:0}\" y2=\"{Y(q):0.#}\" stroke-width=\"0.5\"/><text x=\"{Left - 4:0}\" y=\"{Y(q) + 4:0.#}\" text-anchor=\"end\" stroke=\"none\">{q:0.#}</text>");
        }

        for (var i = 0; i <= 4; i++)
        {
            var at = first.AddMilliseconds(spanMs * i / 4);
            html.Append(c, $"<text x=\"{X(at):0.#}\" y=\"{Height - 8:0}\" text-anchor=\"{(i == 0 ? "start" : i == 4 ? "end" : "middle")}\" stroke=\"none\">{at.UtcDateTime.ToString(timeFormat, c)}</text>");
        }

        html.Append(c, $"<text x=\"{Left + 4:0}\" y=\"{Top + 10:0}\" stroke=\"none\">queries per request</text>");

        html.Append("</g>");
        html.Append(c, $"<line class=\"qd-median\" x1=\"{Left:0}\" y1=\"{Y(median):0.#}\" x2=\"{Width - Right:0}\" y2=\"{Y(median):0.#}\" stroke=\"#1b1f24\" stroke-width=\"1\" stroke-dasharray=\"4 3\"><title>{Encode(string.Create(c, $"median {median:0.#} queries"))}</title></line>");

        foreach (var request in requests)
        {
            var hover = string.Create(c, $"#{request.Id} at {request.StartedAt.UtcDateTime:HH:mm:ss.fff} UTC · {request.StatementCount} queries · {request.DatabaseTime.TotalMilliseconds:0.0} ms in the database · {request.Duration.TotalMilliseconds:0.0} ms · status {request.Status} · {request.FindingCount} findings");
            var filled = request.FindingCount > 0;
            html.Append(c, $"<a href=\"{Encode(root)}/requests/{request.Id}\"><circle class=\"qd-request{(filled ? " has-findings" : "")}\" data-request-id=\"{request.Id}\" data-queries=\"{request.StatementCount}\" cx=\"{X(request.StartedAt):0.#}\" cy=\"{Y(request.StatementCount):0.#}\" r=\"4\" fill=\"{(filled ? "#D55E00" : "#ffffff")}\" stroke=\"{(filled ? "#1b1f24" : "#0072B2")}\" stroke-width=\"1.5\"><title>{Encode(hover)}</title></circle></a>");
        }

        html.Append("</svg><figcaption>").Append(Encode(description)).Append("</figcaption>");
        html.Append(c, $"<details class=\"qd-chart-text\"><summary>The same {requests.Count} {(requests.Count == 1 ? "request" : "requests")} as a table</summary><table><thead><tr><th>When (UTC)</th><th>Request</th><th>Queries</th><th>DB ms</th><th>Total ms</th><th>Findings</th></tr></thead><tbody>");
        foreach (var request in requests)
        {
            html.Append(c, $"<tr><td>{request.StartedAt.UtcDateTime:HH:mm:ss.fff}</td><td>#{request.Id}</td><td class=\"n\">{request.StatementCount}</td><td class=\"n\">{request.DatabaseTime.TotalMilliseconds:0.0}</td><td class=\"n\">{request.Duration.TotalMilliseconds:0.0}</td><td class=\"n\">{request.FindingCount}</td></tr>");
        }

        html.Append("</tbody></table></details></figure>");
    }

    private static double Median(List<double> sorted) =>
        sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Encode(string value) => DashboardEndpoints.Encode(value);
}
