using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using QueryDoctor.Samples.Web;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests.Browser;

/// <summary>
/// The dashboard's route view in headless Chromium: DateTree's naive overview requested three times and the
/// optimised one once; the naive route's page shows its three requests on the time axis, the N+1 "in 3 of 3",
/// the worst requests linked to their pages and the example request's waterfall, and prints with its text equivalents.
/// </summary>
public sealed class RouteViewBrowserTests
{
    private const string Naive = "GET /calendars/{id}/overview/naive";

    [Fact]
    public async Task RouteView_NaiveOverviewThreeTimes_ChartsRequestsFindingsAndWorstRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SampleWebApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development"],
            builder => builder.Logging.ClearProviders());
        await app.StartAsync(ct);
        var address = app.Urls.Single();
        using (var http = new HttpClient { BaseAddress = new Uri(address) })
        {
            for (var i = 0; i < 3; i++)
            {
                (await http.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();
            }

            (await http.GetAsync("/calendars/1/overview", ct)).EnsureSuccessStatusCode();
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(address + "/_querydoctor");
        await page.Locator($"#routes tr[data-name='{Naive}'] a.route-link").ClickAsync();
        await page.Locator("#route").WaitForAsync();

        (await page.Locator("#route").GetAttributeAsync("data-name")).ShouldBe(Naive);
        (await page.Locator("#route").GetAttributeAsync("data-requests")).ShouldBe("3");
        (await page.Locator("#queries-median").InnerTextAsync()).ShouldBe("58");
        (await page.Locator("#queries-p95").InnerTextAsync()).ShouldBe("58");
        double.Parse(await page.Locator("#db-ms").InnerTextAsync(), CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);

        // Requests over time: a dot per request, its height the query count, each with findings (filled) and linked.
        var dots = page.Locator("#requests-over-time svg circle.qd-request");
        (await dots.CountAsync()).ShouldBe(3);
        (await page.Locator("#requests-over-time svg circle.qd-request.has-findings").CountAsync()).ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            (await dots.Nth(i).GetAttributeAsync("data-queries")).ShouldBe("58");
            (await dots.Nth(i).Locator("title").TextContentAsync() ?? "").ShouldContain("58 queries");
        }

        (await page.Locator("#requests-over-time svg desc").TextContentAsync() ?? "").ShouldContain("3 requests");
        (await page.Locator("#requests-over-time details.qd-chart-text tbody tr").CountAsync()).ShouldBe(3);

        // Findings by rule, in n of m requests.
        var nPlusOne = page.Locator("#route-findings li[data-rule='n-plus-one']");
        (await nPlusOne.CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        (await nPlusOne.First.GetAttributeAsync("data-occurrences")).ShouldBe("3");
        (await nPlusOne.First.GetAttributeAsync("data-instances")).ShouldBe("3");
        (await nPlusOne.First.InnerTextAsync()).ShouldContain("in 3 of 3");

        // The example request's waterfall: 58 bars, the three N+1 combs.
        var example = page.Locator("#example figure.qd-waterfall");
        (await example.Locator("svg rect.qd-bar").CountAsync()).ShouldBe(58);
        (await example.Locator("svg g.qd-group[data-rule='n-plus-one']").CountAsync()).ShouldBe(3);
        (await example.Locator("figcaption").InnerTextAsync()).ShouldContain("example");

        // Worst requests, linked to their pages.
        var worst = page.Locator("#worst tbody tr");
        (await worst.CountAsync()).ShouldBe(3);
        var shot = await Screenshot(page, "route-view.png");

        // Printed: no navigation bar, the closed text equivalents printed, colours kept.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await page.Locator("header").IsVisibleAsync()).ShouldBeFalse();
        (await page.Locator("#requests-over-time details.qd-chart-text tbody tr").First.IsVisibleAsync()).ShouldBeTrue();
        (await example.Locator("details.qd-chart-text tbody tr").First.IsVisibleAsync()).ShouldBeTrue();
        (await page.Locator("#requests-over-time svg[role=img]").EvaluateAsync<string>("e => getComputedStyle(e).printColorAdjust")).ShouldBe("exact");
        var printed = await Screenshot(page, "route-view-print.png");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var id = await worst.First.GetAttributeAsync("data-request-id");
        await worst.First.Locator("a.request-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/_querydoctor/requests/" + id + "$"));
        (await page.Locator("#timeline figure.qd-waterfall").GetAttributeAsync("data-statements")).ShouldBe("58");

        // The optimised route: one request, no findings, a hollow dot.
        await page.GotoAsync(address + "/_querydoctor");
        await page.Locator("#routes tr[data-name='GET /calendars/{id}/overview'] a.route-link").ClickAsync();
        await page.Locator("#route").WaitForAsync();
        (await page.Locator("#requests-over-time svg circle.qd-request").CountAsync()).ShouldBe(1);
        (await page.Locator("#requests-over-time svg circle.qd-request.has-findings").CountAsync()).ShouldBe(0);
        (await page.Locator("#route-findings li.muted").InnerTextAsync()).ShouldBe("No findings.");

        TestContext.Current.TestOutputHelper?.WriteLine($"screenshots: {shot} {printed}");
        await app.StopAsync(ct);
    }

    private static async Task<string> Screenshot(IPage page, string name)
    {
        var path = Path.Combine(HeadlessChromium.ScreenshotFolder(), name);
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        png.Length.ShouldBeGreaterThan(1000);
        TestContext.Current.AddAttachment(name, png, "image/png");
        return path;
    }
}
