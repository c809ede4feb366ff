using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using QueryDoctor.Samples.Web;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests.Browser;

/// <summary>
/// The request waterfall of the dashboard in headless Chromium: DateTree's naive calendar overview draws its 58
/// statements as 58 bars with the three N+1 loops grouped and labelled, the optimised overview 2 bars.
/// </summary>
public sealed class WaterfallBrowserTests
{
    [Fact]
    public async Task RequestPage_NaiveAndOptimisedOverview_DrawsEveryStatementAndMarksTheNPlusOneCombs()
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
            (await http.GetAsync("/calendars/1/overview", ct)).EnsureSuccessStatusCode();
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await OpenRequest(page, address, "GET /calendars/{id}/overview/naive");
        var naive = page.Locator("#timeline figure.qd-waterfall");
        (await naive.GetAttributeAsync("data-statements")).ShouldBe("58");
        (await naive.GetAttributeAsync("data-bars")).ShouldBe("58");
        (await naive.Locator("svg rect.qd-bar").CountAsync()).ShouldBe(58);
        var combs = naive.Locator("svg g.qd-group[data-rule='n-plus-one']");
        (await combs.CountAsync()).ShouldBe(3);
        var combSizes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var comb = combs.Nth(i);
            var bars = await comb.Locator("rect.qd-bar").CountAsync();
            bars.ShouldBeGreaterThanOrEqualTo(3);
            (await comb.GetAttributeAsync("data-count")).ShouldBe(bars.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await comb.Locator("text.qd-group-label").TextContentAsync()).ShouldBe($"n-plus-one ×{bars}");
            combSizes.Add(bars);
        }

        // Each bar's hover text names its statement shape; the chart has a text equivalent.
        (await naive.Locator("svg rect.qd-bar title").First.TextContentAsync() ?? "").ShouldContain("select", Case.Insensitive);
        (await naive.Locator("svg desc").TextContentAsync() ?? "").ShouldContain("58 statements");
        (await naive.Locator("details.qd-chart-text tbody tr").CountAsync()).ShouldBe(58);
        (await naive.Locator("svg[role=img]").IsVisibleAsync()).ShouldBeTrue();
        var box = await naive.Locator("svg[role=img]").BoundingBoxAsync();
        box.ShouldNotBeNull();
        box.Height.ShouldBeGreaterThan(200);
        var naiveShot = await Screenshot(page, "waterfall-naive.png");

        await OpenRequest(page, address, "GET /calendars/{id}/overview");
        var optimised = page.Locator("#timeline figure.qd-waterfall");
        (await optimised.GetAttributeAsync("data-bars")).ShouldBe("2");
        (await optimised.Locator("svg rect.qd-bar").CountAsync()).ShouldBe(2);
        (await optimised.Locator("svg g.qd-group").CountAsync()).ShouldBe(0);
        var optimisedShot = await Screenshot(page, "waterfall-optimised.png");

        TestContext.Current.TestOutputHelper?.WriteLine($"combs: {string.Join(", ", combSizes)}; screenshots: {naiveShot} {optimisedShot}");
        await app.StopAsync(ct);
    }

    private static async Task OpenRequest(IPage page, string address, string name)
    {
        await page.GotoAsync(address + "/_querydoctor");
        await page.Locator($"#requests tr[data-name='{name}'] a.request-link").First.ClickAsync();
        await page.Locator("#timeline").WaitForAsync();
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
