using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using QueryDoctor.Samples.Web;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests.Browser;

/// <summary>
/// The sample web app on a real loopback socket (Kestrel, not the TestServer: a browser needs a port), the
/// dashboard opened in headless Chromium (Debian's package, driven by Playwright: <see cref="HeadlessChromium"/>).
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_InChromium_FindsTheNPlusOneRequestAndShowsItsCallSite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SampleWebApp.Create(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development"],
            builder => builder.Logging.ClearProviders());
        await app.StartAsync(ct);
        var address = app.Urls.Single();
        address.ShouldStartWith("http://127.0.0.1:");
        using (var http = new HttpClient { BaseAddress = new Uri(address) })
        {
            (await http.GetAsync("/calendars/1/overview", ct)).EnsureSuccessStatusCode();
            using var naiveResponse = await http.GetAsync("/calendars/1/overview/naive", ct);
            naiveResponse.EnsureSuccessStatusCode();
            naiveResponse.Headers.GetValues("Server-Timing").Single().ShouldContain("desc=\"58 queries\"");
            naiveResponse.Headers.Contains("X-Process-Time").ShouldBeTrue();
            (await http.GetAsync("/items/3/votes", ct)).EnsureSuccessStatusCode();
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(address + "/_querydoctor");
        var naive = page.Locator("#requests tr[data-name='GET /calendars/{id}/overview/naive']");
        (await naive.CountAsync()).ShouldBe(1);
        (await naive.GetAttributeAsync("data-queries")).ShouldBe("58");
        (await naive.Locator(".badge", new() { HasText = "n-plus-one" }).IsVisibleAsync()).ShouldBeTrue();
        var list = await Screenshot(page, "dashboard.png");

        await naive.Locator("a.request-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/_querydoctor/requests/\\d+$"));
        var finding = page.Locator("#findings .finding[data-rule='n-plus-one']", new() { HasText = "ListItem.Votes" });
        var callSite = finding.Locator(".call-site");
        (await callSite.IsVisibleAsync()).ShouldBeTrue();
        CallSitePattern().IsMatch(await callSite.InnerTextAsync()).ShouldBeTrue();
        (await page.Locator("#statements .call-site", new() { HasTextRegex = CallSitePattern() }).First.IsVisibleAsync()).ShouldBeTrue();
        var detail = await Screenshot(page, "dashboard-request.png");

        TestContext.Current.TestOutputHelper?.WriteLine($"screenshots: {list} {detail}");
        await app.StopAsync(ct);
    }

    [GeneratedRegex(@"NaiveCalendarService\.Overview \(NaiveCalendarService\.cs:\d+\)")]
    private static partial Regex CallSitePattern();

    private static async Task<string> Screenshot(IPage page, string name)
    {
        var path = Path.Combine(HeadlessChromium.ScreenshotFolder(), name);
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        png.Length.ShouldBeGreaterThan(1000);
        TestContext.Current.AddAttachment(name, png, "image/png");
        return path;
    }
}
