using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Reports;

/// <summary>
/// The waterfall of <c>analyze --format html</c> over a streamed event log, opened in headless Chromium: each scope
/// name's section draws its example instance (the one whose findings are the example), bars on the instance's time
/// axis, the N+1 comb grouped and labelled; the text equivalent and the colours survive print emulation.
/// </summary>
public sealed class HtmlReportWaterfallBrowserTests
{
    [Fact]
    public async Task Analyze_HtmlOfStreamedLog_DrawsTheExampleInstanceWaterfallPerScopeName()
    {
        var report = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + ".html");
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log()), "--format", "html", "--output", report);
        result.ExitCode.ShouldBe(0, result.Error);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(report).AbsoluteUri);

        // GET /blogs: req-3 loads posts blog by blog (12 statements, an N+1), the others 2 statements each.
        var blogs = page.Locator("section", new() { Has = page.Locator("h2", new() { HasText = "GET /blogs" }) });
        var waterfall = blogs.Locator("figure.qd-waterfall");
        (await waterfall.CountAsync()).ShouldBe(1);
        (await waterfall.GetAttributeAsync("data-statements")).ShouldBe("12");
        (await waterfall.Locator("svg rect.qd-bar").CountAsync()).ShouldBe(12);
        (await waterfall.Locator("figcaption").InnerTextAsync()).ShouldContain("example instance req-3");
        var comb = waterfall.Locator("svg g.qd-group[data-rule='n-plus-one']");
        (await comb.CountAsync()).ShouldBe(1);
        (await comb.Locator("rect.qd-bar").CountAsync()).ShouldBe(10);
        (await comb.Locator("text.qd-group-label").TextContentAsync()).ShouldBe("n-plus-one ×10");
        (await waterfall.Locator("svg rect.qd-bar title").Nth(1).TextContentAsync() ?? "").ShouldContain("Blogs.Index (src/Blogs.cs:25)");

        // Bars sit on the instance's time axis: the 10 loads start 3 ms apart, one after another, left to right.
        var xs = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            xs.Add(double.Parse(await comb.Locator("rect.qd-bar").Nth(i).GetAttributeAsync("x") ?? "", CultureInfo.InvariantCulture));
        }

        xs.ShouldBe(xs.Order().ToList());
        xs.Distinct().Count().ShouldBe(10);

        // GET /tags: only tag-1 was slow, so tag-1 (1 statement) is drawn, not tag-2 (3 statements, no finding).
        var tags = page.Locator("section", new() { Has = page.Locator("h2", new() { HasText = "GET /tags" }) });
        (await tags.Locator("figure.qd-waterfall figcaption").InnerTextAsync()).ShouldContain("example instance tag-1");
        (await tags.Locator("figure.qd-waterfall svg rect.qd-bar").CountAsync()).ShouldBe(1);
        (await tags.Locator("figure.qd-waterfall svg g.qd-group[data-rule='slow-query']").CountAsync()).ShouldBe(1);
        await Screenshot(page, "html-report-waterfall.png");

        // Printed: the closed text equivalent is printed too, and the bars keep their colours.
        (await waterfall.Locator("details.qd-chart-text tbody tr").First.IsVisibleAsync()).ShouldBeFalse();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await waterfall.Locator("details.qd-chart-text tbody tr").First.IsVisibleAsync()).ShouldBeTrue();
        (await waterfall.Locator("details.qd-chart-text tbody tr").CountAsync()).ShouldBe(12);
        (await waterfall.Locator("svg[role=img]").EvaluateAsync<string>("e => getComputedStyle(e).printColorAdjust")).ShouldBe("exact");
        await Screenshot(page, "html-report-waterfall-print.png");
    }

    /// <summary>Two scope names streamed as interleaved instances with start times.</summary>
    private static string Log()
    {
        var text = new StringBuilder();
        var start = new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
        void Query(string scope, string id, string sql, int value, double offsetMs, string callSite, double durationMs = 1.5) =>
            text.Append(CultureInfo.InvariantCulture,
                $"{{\"scope\":\"{scope}\",\"scopeId\":\"{id}\",\"sql\":\"{sql}\",\"parameters\":{{\"@p\":{value}}},\"callSite\":\"{callSite}\",\"durationMs\":{durationMs},\"startedAt\":\"{start.AddMilliseconds(offsetMs):O}\"}}\n");
        void End(string scope, string id) => text.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"scope\",\"scope\":\"{scope}\",\"scopeId\":\"{id}\",\"status\":200}}\n");

        for (var r = 1; r <= 4; r++)
        {
            var id = "req-" + r;
            Query("GET /blogs", id, "SELECT id, name FROM blogs LIMIT @p", 10, r * 100, "Blogs.List (src/Blogs.cs:12)");
            var loads = r == 3 ? 10 : 1;
            for (var i = 0; i < loads; i++)
            {
                Query("GET /blogs", id, "SELECT * FROM posts WHERE blog_id = @p", i + 1, (r * 100) + 3 + (i * 3), "Blogs.Index (src/Blogs.cs:25)");
            }

            if (r == 3)
            {
                Query("GET /blogs", id, "SELECT count(*) FROM comments WHERE blog_id > @p", 0, (r * 100) + 40, "Blogs.Count (src/Blogs.cs:40)");
            }

            End("GET /blogs", id);
        }

        for (var r = 1; r <= 3; r++)
        {
            var id = "tag-" + r;
            for (var i = 0; i < (r == 2 ? 3 : 1); i++)
            {
                Query("GET /tags", id, $"SELECT * FROM tags{i} WHERE id = @p", r, 1000 + (r * 50) + (i * 5), "Tags.Index (src/Tags.cs:9)", r == 1 ? 800 : 1.5);
            }

            End("GET /tags", id);
        }

        return text.ToString();
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(HeadlessChromium.ScreenshotFolder(), name);
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        png.Length.ShouldBeGreaterThan(1000);
        TestContext.Current.AddAttachment(name, png, "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine("screenshot: " + path);
    }
}
