using System.Text.Json;
using System.Xml.Linq;
using QueryDoctor.Detection;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Tests.Reporting;

public sealed class ReportFormatTests
{
    private static readonly AnalysisReport Report = new()
    {
        Findings =
        [
            new Finding
            {
                Rule = RuleIds.NPlusOne, Severity = Severity.Warning, Scope = "GET /calendars/7", Message = "30 queries | one per item",
                Count = 30, Fingerprint = "f00dfeed", CallSite = "CalendarService.Load (src/Calendars/CalendarService.cs:42)",
                Sql = "SELECT * FROM votes WHERE list_item_id = ?", Table = "votes", Columns = ["list_item_id"], DurationMs = 41.7,
                Suggestion = "Load all <votes> at once", Ddl = "CREATE INDEX ix_votes_list_item_id ON votes (list_item_id)",
            },
            new Finding { Rule = RuleIds.DuplicateQuery, Severity = Severity.Info, Scope = "GET /calendars/7", Message = "twice" },
            new Finding { Rule = "unindexed-foreign-key", Severity = Severity.Error, Message = "no index", Table = "votes" },
        ],
        EventCount = 120,
    };

    [Theory]
    [InlineData("CalendarService.cs:42", "CalendarService.cs", 42)]
    [InlineData("CalendarService.Load (src/Calendars/CalendarService.cs:42)", "src/Calendars/CalendarService.cs", 42)]
    [InlineData("at App.CalendarService.Load() in /home/me/app/CalendarService.cs:line 17", "/home/me/app/CalendarService.cs", 17)]
    [InlineData(@"C:\src\app\CalendarService.cs:9", "C:/src/app/CalendarService.cs", 9)]
    public void CallSiteLocation_ReadsFileAndLine(string text, string file, int line)
    {
        Assert.True(CallSiteLocation.TryParse(text, out var location));
        Assert.Equal(file, location.File);
        Assert.Equal(line, location.Line);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CalendarService.Load")]
    [InlineData("worker:42")]
    [InlineData("CalendarService.cs:0")]
    [InlineData("CalendarService.cs")]
    public void CallSiteLocation_NoFileOrLine_NotParsed(string? text) =>
        Assert.False(CallSiteLocation.TryParse(text, out _));

    [Fact]
    public void Sarif_CarriesRuleIdsLevelsLocationsAndFingerprints()
    {
        using var json = JsonDocument.Parse(SarifReportWriter.ToSarif(Report));
        var root = json.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = root.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("querydoctor", driver.GetProperty("name").GetString());
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        foreach (var rule in RuleCatalogue.OfKind(RuleKind.Scope))
        {
            Assert.Contains(rule.Id, ruleIds);
        }

        Assert.Contains("unindexed-foreign-key", ruleIds); // named by a finding, not in the catalogue given

        var results = run.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        var nPlusOne = results[0];
        Assert.Equal("n-plus-one", nPlusOne.GetProperty("ruleId").GetString());
        Assert.Equal("n-plus-one", ruleIds[nPlusOne.GetProperty("ruleIndex").GetInt32()]);
        Assert.Equal("warning", nPlusOne.GetProperty("level").GetString());
        Assert.Contains("Load all <votes> at once", nPlusOne.GetProperty("message").GetProperty("text").GetString());
        var location = nPlusOne.GetProperty("locations")[0];
        Assert.Equal("src/Calendars/CalendarService.cs",
            location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(42, location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("GET /calendars/7", location.GetProperty("logicalLocations")[0].GetProperty("name").GetString());
        Assert.Equal("f00dfeed", nPlusOne.GetProperty("partialFingerprints").GetProperty("queryFingerprint/v1").GetString());
        Assert.Equal(30, nPlusOne.GetProperty("properties").GetProperty("count").GetInt32());
        Assert.Equal("list_item_id", nPlusOne.GetProperty("properties").GetProperty("columns")[0].GetString());

        Assert.Equal("note", results[1].GetProperty("level").GetString());
        Assert.False(results[1].GetProperty("locations")[0].TryGetProperty("physicalLocation", out _));
        Assert.Equal("error", results[2].GetProperty("level").GetString());
        Assert.Equal("votes", results[2].GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Sarif_AbsolutePath_BecomesFileUri()
    {
        var report = new AnalysisReport
        {
            Findings = [new Finding { Rule = RuleIds.SlowQuery, Severity = Severity.Warning, Message = "slow", CallSite = "/src/My App/A.cs:3" }],
        };
        using var json = JsonDocument.Parse(SarifReportWriter.ToSarif(report));
        var uri = json.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0]
            .GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
        Assert.Equal("file:///src/My%20App/A.cs", uri);
    }

    [Fact]
    public void Markdown_OneTablePerScope_PipesEscaped()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(Report);
        Assert.Contains("**3 findings**: `n-plus-one` 1, `duplicate-query` 1, `unindexed-foreign-key` 1", markdown);
        Assert.Contains("## GET /calendars/7", markdown);
        Assert.Contains("## Database", markdown);
        Assert.Contains(@"30 queries \| one per item", markdown);
        Assert.Contains("`CREATE INDEX ix_votes_list_item_id ON votes (list_item_id)`", markdown);
        var rows = markdown.Split('\n').Where(l => l.StartsWith("| warning", StringComparison.Ordinal)).ToList();
        var row = Assert.Single(rows);
        // Five cells: the escaped pipe must not add a column.
        Assert.Equal(6, row.Replace(@"\|", "", StringComparison.Ordinal).Count(c => c == '|'));
    }

    [Fact]
    public void Markdown_NoFindings_SaysSo() =>
        Assert.Contains("**No findings.**", MarkdownReportWriter.ToMarkdown(new AnalysisReport { Findings = [] }));

    [Fact]
    public void Html_IsWellFormedAndEncodesInput()
    {
        var html = HtmlReportWriter.ToHtml(Report);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<votes>", html);
        Assert.Contains("Load all &lt;votes&gt; at once", html);
        Assert.DoesNotContain("<script", html);
        // Well-formed as XML once the doctype is removed: every element is closed.
        var document = XDocument.Parse(html["<!DOCTYPE html>".Length..].Replace("<br>", "<br/>", StringComparison.Ordinal)
            .Replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>", StringComparison.Ordinal)
            .Replace("initial-scale=1\">", "initial-scale=1\"/>", StringComparison.Ordinal));
        Assert.Equal(2, document.Descendants("section").Count());
        Assert.Equal(3, document.Descendants("tbody").Elements("tr").Count());
    }
}
