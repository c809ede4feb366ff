using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryDoctor.Advisor;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;
using QueryDoctor.Reporting.Charts;
using QueryDoctor.Sql;

namespace QueryDoctor.AspNetCore.Dashboard;

/// <summary>
/// The dashboard's pages: plain server-rendered HTML, every value HTML-encoded, no script, no external resource.
/// Elements carry stable ids and <c>data-</c> attributes (<c>#requests</c>, <c>tr[data-request-id]</c>,
/// <c>#findings .finding[data-rule]</c>, <c>#statements</c>, <c>.call-site</c>) for tests and tools.
/// </summary>
internal static class DashboardEndpoints
{
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult Requests(HttpContext context)
    {
        var services = context.RequestServices;
        var history = services.GetRequiredService<RequestHistory>();
        var options = services.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value;
        var root = Root(context, options);
        var html = Begin("Recent requests", root, options);
        var recent = history.Recent();
        html.Append("<h2>Recent requests</h2>");
        if (recent.Count == 0)
        {
            html.Append("<p id=\"no-requests\" class=\"muted\">No requests recorded yet.</p>");
        }

        AppendRoutes(html, recent, root);
        html.Append("<h2>Requests</h2>");
        html.Append("<table id=\"requests\"><thead><tr><th>When (UTC)</th><th>Request</th><th>Status</th><th>Queries</th><th>DB ms</th><th>Total ms</th><th>Findings</th></tr></thead><tbody>");
        foreach (var request in recent)
        {
            var findings = request.FindingCount;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-request-id=\"{request.Id}\" data-name=\"{Encode(request.Name)}\" data-queries=\"{request.StatementCount}\" data-findings=\"{findings}\"");
            html.Append(findings > 0 ? " class=\"has-findings\">" : ">");
            html.Append(CultureInfo.InvariantCulture, $"<td>{request.StartedAt.UtcDateTime:HH:mm:ss.fff}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><a class=\"request-link\" href=\"{Encode(root)}/requests/{request.Id}\">{Encode(request.Name)}</a>");
            if (request.Path is { } path)
            {
                html.Append("<br><code class=\"muted\">").Append(Encode(path)).Append("</code>");
            }

            html.Append(CultureInfo.InvariantCulture, $"</td><td class=\"n\">{request.Status}</td><td class=\"n\">{request.StatementCount}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{request.DatabaseTime.TotalMilliseconds:0.0}</td><td class=\"n\">{request.Duration.TotalMilliseconds:0.0}</td><td>");
            foreach (var rule in request.Reports.SelectMany(r => r.Findings).Select(f => f.Rule).Distinct(StringComparer.Ordinal))
            {
                html.Append("<span class=\"badge\">").Append(Encode(rule)).Append("</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        return End(html);
    }

    /// <summary>
    /// Requests judged the way <c>querydoctor analyze</c> judges a log: each request alone (its reports as the capture
    /// judged them), findings aggregated per route.
    /// </summary>
    internal static AnalysisReport JudgeByRoute(IEnumerable<RequestRecord> requests)
    {
        var analyzer = new ScopeInstanceAnalyzer();
        foreach (var request in requests)
        {
            foreach (var report in request.Reports)
            {
                analyzer.AddJudged(report.Scope, report.Findings, report.Suppressed);
            }
        }

        return analyzer.Snapshot();
    }

    /// <summary>
    /// The recent requests grouped by route, judged the way <c>querydoctor analyze</c> judges a log: each request
    /// alone, its findings aggregated per route ("in 3 of 5 requests, up to 20 times").
    /// </summary>
    private static void AppendRoutes(StringBuilder html, IReadOnlyList<RequestRecord> recent, string root)
    {
        if (recent.Count == 0)
        {
            return;
        }

        var snapshot = JudgeByRoute(recent);
        html.Append("<h2>By route</h2><table id=\"routes\"><thead><tr><th>Route</th><th>Requests</th><th>Queries (median · p95)</th><th>ms (median · p95)</th><th>Findings</th></tr></thead><tbody>");
        foreach (var route in snapshot.ScopeSummaries)
        {
            var findings = snapshot.Findings.Where(f => f.Scope == route.Name).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"route{(findings.Count > 0 ? " has-findings" : "")}\" data-name=\"{Encode(route.Name)}\" data-requests=\"{route.Instances}\">");
            html.Append("<td><a class=\"route-link\" href=\"").Append(Encode(RouteView.Link(root, route.Name))).Append("\">").Append(Encode(route.Name)).Append("</a></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{route.Instances}</td><td class=\"n\">{route.QueriesMedian:0.#} · {route.QueriesP95:0.#}</td><td class=\"n\">{route.MillisecondsMedian:0.0} · {route.MillisecondsP95:0.0}</td><td>");
            foreach (var finding in findings)
            {
                var words = Analysis.InstanceWording.Describe(finding.Occurrences ?? 1, finding.Instances ?? 1, route.Name, finding.Count, finding.Rule);
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"route-finding\" data-rule=\"{Encode(finding.Rule)}\" data-occurrences=\"{finding.Occurrences}\"><span class=\"rule\">{Encode(finding.Rule)}</span> ")
                    .Append(Encode(words)).Append("</p>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    public static IResult Request(HttpContext context, long id)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value;
        var root = Root(context, options);
        if (services.GetRequiredService<RequestHistory>().Find(id) is not { } request)
        {
            var missing = Begin("Request not found", root, options);
            missing.Append("<p id=\"not-found\">This request is no longer kept (only the most recent ones are).</p>");
            return End(missing, StatusCodes.Status404NotFound);
        }

        var html = Begin(request.Name, root, options);
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"request\" data-request-id=\"{request.Id}\">{Encode(request.Name)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">Status {request.Status} · {request.Duration.TotalMilliseconds:0.0} ms · <span id=\"query-count\">{request.StatementCount}</span> {(request.StatementCount == 1 ? "query" : "queries")} · {request.DatabaseTime.TotalMilliseconds:0.0} ms in the database · started {request.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC</p>");
        if (request.Path is { } path)
        {
            html.Append("<p>Path: <code>").Append(Encode(path)).Append("</code></p>");
        }

        html.Append("<h2>Timeline</h2><section id=\"timeline\">");
        var chart = 0;
        foreach (var report in request.Reports)
        {
            // Every statement on the request's time axis, the bars of each finding grouped (inline SVG: no script, CSP-safe).
            html.Append(WaterfallChart.Render(report.Scope, report.Findings, new WaterfallChartOptions { Id = chart++ == 0 ? "waterfall" : "waterfall-" + chart.ToString(CultureInfo.InvariantCulture) }));
        }

        html.Append("</section>");
        var findings = request.Reports.SelectMany(r => r.Findings).ToList();
        html.Append("<h2>Findings</h2><section id=\"findings\">");
        if (findings.Count == 0)
        {
            html.Append("<p class=\"muted\">No findings.</p>");
        }

        foreach (var finding in findings)
        {
            AppendFinding(html, finding);
        }

        html.Append("</section>");
        var suppressed = request.Reports.SelectMany(r => r.Suppressed).ToList();
        if (suppressed.Count > 0)
        {
            // Accepted findings (configured suppressions, querydoctor:allow tags) stay visible here, apart.
            html.Append("<h2>Suppressed</h2><section id=\"suppressed\">");
            foreach (var item in suppressed)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"suppressed muted\" data-rule=\"{Encode(item.Finding.Rule)}\"><span class=\"rule\">{Encode(item.Finding.Rule)}</span> ")
                    .Append(Encode(item.Finding.Message)).Append(" — suppressed by ").Append(Encode(item.By)).Append("</p>");
            }

            html.Append("</section>");
        }

        html.Append("<h2>Statements by fingerprint</h2>");
        html.Append("<table id=\"statements\"><thead><tr><th>Count</th><th>Total ms</th><th>Max ms</th><th>Statement</th><th>Call sites</th></tr></thead><tbody>");
        var showValues = services.GetRequiredService<QueryCapture>().Options.IncludeParameterValues;
        foreach (var report in request.Reports)
        {
            foreach (var shape in report.Scope.Groups.GroupBy(g => g.Fingerprint))
            {
                var groups = shape.ToList();
                html.Append(CultureInfo.InvariantCulture, $"<tr class=\"statement\" data-fingerprint=\"{shape.Key.Id}\" data-count=\"{groups.Sum(g => g.Count)}\">");
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{groups.Sum(g => g.Count)}</td><td class=\"n\">{groups.Sum(g => g.TotalDuration.TotalMilliseconds):0.0}</td><td class=\"n\">{groups.Max(g => g.MaxDuration.TotalMilliseconds):0.0}</td>");
                html.Append("<td><pre class=\"sql\">").Append(Encode(shape.Key.Text)).Append("</pre>");
                if (showValues)
                {
                    AppendValues(html, report, shape.Key);
                }

                html.Append("</td><td>");
                foreach (var group in groups)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<div><code class=\"call-site\">{Encode(group.CallSite.ToString())}</code> <span class=\"muted\">×{group.Count}</span></div>");
                }

                html.Append("</td></tr>");
            }
        }

        html.Append("</tbody></table>");
        return End(html);
    }

    /// <summary>
    /// Schema findings, plus <c>full-scan</c> findings for the recent requests' statements (EXPLAIN only, read-only);
    /// with <c>?advise=1</c> also the index advisor's <c>missing-index</c> recommendations for that workload (on SQLite
    /// the advisor tries candidate indexes inside a transaction it always rolls back).
    /// </summary>
    public static async Task<IResult> Schema(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value;
        var root = Root(context, options);
        var html = Begin("Schema", root, options);
        html.Append("<h2>Schema findings</h2>");
        if (options.SchemaConnection is not { } connect)
        {
            html.Append("<p id=\"schema-off\" class=\"muted\">No schema inspection is configured (<code>options.InspectSchema(provider, connection)</code>).</p>");
            return End(html);
        }

        var advise = context.Request.Query.ContainsKey("advise");
        var scopes = services.GetRequiredService<QueryCapture>().RecentScopes
            .Where(r => r.Name != QueryCapture.AmbientScopeName)
            .Select(r => r.Scope)
            .ToList();
        var findings = new List<Finding>();
        IReadOnlyList<string> notes = [];
        try
        {
            await using (DbConnection connection = connect(services))
            {
                var inspector = DatabaseInspector.For(connection, options.SchemaProvider);
                var report = await DatabaseAnalysis.AddToAsync(new AnalysisReport { Findings = [], Scopes = scopes }, inspector, cancellationToken: context.RequestAborted);
                findings.AddRange(report.Findings);
            }

            if (advise)
            {
                await using DbConnection connection = connect(services);
                var advice = await new IndexAdvisor(connection, options.SchemaProvider).AdviseAsync(WorkloadStatement.FromScopes(scopes), context.RequestAborted);
                findings.AddRange(advice.Findings);
                notes = advice.Notes;
            }
        }
#pragma warning disable CA1031 // An unreachable database or a provider without what-if support is shown on the page, never thrown at the app.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            RequestLog.SchemaInspectionFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger("QueryDoctor.AspNetCore"), exception);
            html.Append("<p id=\"schema-failed\">The database could not be inspected: ").Append(Encode(exception.Message)).Append("</p>");
            return End(html);
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Schema checks, and plans of the statements of the {scopes.Count} most recent requests (EXPLAIN only).");
        if (!advise)
        {
            html.Append(" <a id=\"advise\" href=\"").Append(Encode(root)).Append("/schema?advise=1\">Advise indexes for this workload</a>");
        }

        html.Append("</p><section id=\"findings\">");
        if (findings.Count == 0)
        {
            html.Append("<p class=\"muted\">No findings.</p>");
        }

        foreach (var finding in findings)
        {
            AppendFinding(html, finding);
        }

        foreach (var note in notes)
        {
            html.Append("<p class=\"note muted\">").Append(Encode(note)).Append("</p>");
        }

        html.Append("</section>");
        return End(html);
    }

    private static void AppendFinding(StringBuilder html, Finding finding)
    {
        var severity = finding.Severity.ToString().ToLowerInvariant();
        html.Append(CultureInfo.InvariantCulture, $"<article class=\"finding {severity}\" data-rule=\"{Encode(finding.Rule)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<div><span class=\"rule\">{Encode(finding.Rule)}</span> <span class=\"muted\">{severity}</span></div>");
        html.Append("<p class=\"message\">").Append(Encode(finding.Message)).Append("</p>");
        if (finding.CallSite is { } site)
        {
            html.Append("<p>At <code class=\"call-site\">").Append(Encode(site)).Append("</code>");
            foreach (var other in finding.OtherCallSites ?? [])
            {
                html.Append(", <code class=\"call-site\">").Append(Encode(other)).Append("</code>");
            }

            html.Append("</p>");
        }

        if (finding.Sql is { } sql)
        {
            html.Append("<pre class=\"sql\">").Append(Encode(sql)).Append("</pre>");
        }

        if (finding.Suggestion is { } suggestion)
        {
            html.Append("<p class=\"suggestion\">Fix: ").Append(Encode(suggestion)).Append("</p>");
        }

        if (finding.Ddl is { } ddl)
        {
            html.Append("<pre class=\"ddl\">").Append(Encode(ddl)).Append("</pre>");
        }

        html.Append("</article>");
    }

    /// <summary>The parameter values of the first kept events of a shape (only when the app opted in to values).</summary>
    private static void AppendValues(StringBuilder html, ScopeReport report, SqlFingerprint fingerprint)
    {
        var shown = 0;
        foreach (var queryEvent in report.Scope.Events)
        {
            if (queryEvent.Parameters is not { Count: > 0 } parameters || !SqlFingerprint.Of(queryEvent.Sql).Equals(fingerprint))
            {
                continue;
            }

            html.Append("<div class=\"values\"><code>");
            html.AppendJoin(", ", parameters.Select(p => Encode(p.Name + " = " + Convert.ToString(p.Value, CultureInfo.InvariantCulture))));
            html.Append("</code></div>");
            if (++shown == 3)
            {
                return;
            }
        }
    }

    internal static string Root(HttpContext context, QueryDoctorAspNetCoreOptions options) =>
        context.Request.PathBase.Add(new PathString(options.DashboardPath)).ToUriComponent();

    internal static StringBuilder Begin(string title, string root, QueryDoctorAspNetCoreOptions options)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append("<title>").Append(Encode(title)).Append(" · QueryDoctor</title><style>").Append(ReportStylesheet.Css).Append(ReportStylesheet.DashboardBody).Append("</style></head><body>");
        html.Append("<header><h1>QueryDoctor</h1><nav><a id=\"nav-requests\" href=\"").Append(Encode(root)).Append("\">Requests</a>");
        if (options.SchemaConnection is not null)
        {
            html.Append(" · <a id=\"nav-schema\" href=\"").Append(Encode(root)).Append("/schema\">Schema</a>");
        }

        html.Append("</nav></header><main>");
        return html;
    }

    internal static HtmlResult End(StringBuilder html, int status = StatusCodes.Status200OK)
    {
        html.Append("</main></body></html>");
        return new HtmlResult(html.ToString(), status, ContentSecurityPolicy);
    }

    internal static string Encode(string value) => WebUtility.HtmlEncode(value);
}
