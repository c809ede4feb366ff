using System.Text.RegularExpressions;
using QueryDoctor.Reporting;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>The dashboard and the offline HTML report share one stylesheet, inline under the dashboard's strict policy.</summary>
public sealed partial class DashboardStylesheetTests
{
    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Fact]
    public async Task DashboardAndHtmlReport_CarryTheSameSharedStylesheet()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();

        var dashboard = Style(await client.GetStringAsync("/_querydoctor", ct));
        var request = Style(await client.GetStringAsync("/_querydoctor/requests/1", ct));
        var report = Style(HtmlReportWriter.ToHtml(new AnalysisReport { Findings = [] }));

        // The report's <style> is the shared stylesheet itself (the core's copy; the dashboard compiles the same file in).
        report.ShouldStartWith(ReportStylesheet.Marker);
        report.ShouldBe(ReportStylesheet.Css);
        dashboard.ShouldBe(report + ReportStylesheet.DashboardBody);
        request.ShouldBe(dashboard);
    }

    [Fact]
    public async Task DashboardPages_PolicyStillAllowsOnlyTheInlineStyle()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();

        foreach (var path in new[] { "/_querydoctor", "/_querydoctor/requests/1", "/_querydoctor/routes?name=" + Uri.EscapeDataString("GET /calendars/{id}/overview/naive") })
        {
            using var response = await client.GetAsync(path, ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(Policy, path);
            html.ShouldNotContain("<link", Case.Insensitive, path);
            html.ShouldNotContain("<script", Case.Insensitive, path);
            StyleElement().Count(html).ShouldBe(1, path);
        }
    }

    private static string Style(string html)
    {
        var match = StyleElement().Match(html);
        match.Success.ShouldBeTrue();
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
