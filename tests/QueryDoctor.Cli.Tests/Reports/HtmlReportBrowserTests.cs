using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Reports;

/// <summary>The HTML report opened in a real browser (headless Chromium): it renders the findings, with nothing fetched from elsewhere.</summary>
public sealed class HtmlReportBrowserTests
{
    private const string Log =
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":1},\"callSite\":\"Blogs.Index (src/Blogs.cs:25)\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":2},\"callSite\":\"Blogs.Index (src/Blogs.cs:25)\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":3},\"callSite\":\"Blogs.Index (src/Blogs.cs:25)\"}\n" +
        "{\"scope\":\"GET /<script>alert(1)</script>\",\"sql\":\"SELECT 1 FROM t WHERE x = '<b>'\",\"durationMs\":800}\n";

    [Fact]
    public async Task Analyze_Html_RendersFindingsInChromium()
    {
        var report = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + ".html");
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--format", "html", "--output", report);
        result.ExitCode.ShouldBe(0, result.Error);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;

        await page.GotoAsync(new Uri(report).AbsoluteUri);

        (await page.TitleAsync()).ShouldBe("QueryDoctor report");
        (await page.Locator("h2").AllInnerTextsAsync()).ShouldBe(["GET /blogs", "GET /<script>alert(1)</script>"]);
        var firstRow = page.Locator("section").First.Locator(":scope > table tbody tr").First;
        (await firstRow.Locator("td").Nth(1).InnerTextAsync()).ShouldBe("n-plus-one");
        (await firstRow.Locator("td").Nth(2).InnerTextAsync()).ShouldBe("3");
        (await firstRow.InnerTextAsync()).ShouldContain("at Blogs.Index (src/Blogs.cs:25)");
        (await page.Locator(".fix").First.InnerTextAsync()).ShouldContain("dictionary");
        (await page.Locator("text=slow-query").CountAsync()).ShouldBeGreaterThan(0);

        // Input text is shown as text, never run; the page loads nothing but itself.
        dialogs.ShouldBe(0);
        (await page.Locator("section script").CountAsync()).ShouldBe(0);
        requests.ShouldBe([new Uri(report).AbsoluteUri]);

        var screenshot = Path.Combine(HeadlessChromium.ScreenshotFolder(), "html-report.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        new FileInfo(screenshot).Length.ShouldBeGreaterThan(1000);
        TestContext.Current.TestOutputHelper?.WriteLine("screenshot: " + screenshot);
    }
}
