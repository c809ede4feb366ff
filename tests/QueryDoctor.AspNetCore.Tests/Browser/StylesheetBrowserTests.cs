using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using QueryDoctor.Reporting;
using QueryDoctor.Samples.Web;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests.Browser;

/// <summary>
/// The one stylesheet in a real browser: the dashboard keeps its own look under its content security policy (nothing
/// refused), and the offline report keeps its centred page, from the same rules.
/// </summary>
public sealed class StylesheetBrowserTests
{
    [Fact]
    public async Task SharedStylesheet_InChromium_DashboardLookUnderItsPolicyAndReportLook()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SampleWebApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development"],
            builder => builder.Logging.ClearProviders());
        await app.StartAsync(ct);
        var address = app.Urls.Single();
        using (var http = new HttpClient { BaseAddress = new Uri(address) })
        {
            (await http.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                refused.Add(message.Text);
            }
        };

        await page.GotoAsync(address + "/_querydoctor");
        (await Css(page, "body", "margin")).ShouldBe("0px");
        (await Css(page, "body", "backgroundColor")).ShouldBe("rgb(246, 248, 250)");
        (await Css(page, "header", "backgroundColor")).ShouldBe("rgb(36, 41, 47)");
        (await Css(page, "#requests th", "backgroundColor")).ShouldBe("rgb(234, 238, 242)");
        (await Css(page, "#requests td.n", "borderLeftWidth")).ShouldBe("1px");
        (await Css(page, "#requests tr.has-findings td", "borderLeftWidth")).ShouldBe("4px");
        (await Css(page, ".badge", "backgroundColor")).ShouldBe("rgb(255, 248, 197)");
        (await Css(page, "main h2", "borderBottomStyle")).ShouldBe("none");
        refused.ShouldBeEmpty();

        await page.SetContentAsync(HtmlReportWriter.ToHtml(new AnalysisReport
        {
            Findings = [new Finding { Rule = "n-plus-one", Severity = Severity.Warning, Message = "7 queries", Scope = "GET /blogs" }],
        }));
        (await Css(page, "body", "maxWidth")).ShouldBe("1152px");
        (await Css(page, "body", "backgroundColor")).ShouldBe("rgba(0, 0, 0, 0)");
        (await Css(page, "h2", "borderBottomStyle")).ShouldBe("solid");
        (await Css(page, "td.sev", "color")).ShouldBe("rgb(154, 103, 0)");
        (await Css(page, "th", "backgroundColor")).ShouldBe("rgb(246, 248, 250)");

        await app.StopAsync(ct);
    }

    private static Task<string> Css(IPage page, string selector, string property) =>
        page.Locator(selector).First.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");
}
