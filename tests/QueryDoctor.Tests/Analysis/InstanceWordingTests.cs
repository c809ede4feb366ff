using System.Text.Json;
using QueryDoctor.Analysis;
using QueryDoctor.Reporting;

namespace QueryDoctor.Tests.Analysis;

public sealed class InstanceWordingTests
{
    private const string Phrase = "in 2 of 4 GET /blogs requests, up to 5 times";

    [Fact]
    public void Describe_JobScope_SaysRuns()
    {
        Assert.Equal("in 3 of 10 job:sync runs, up to 7 times", InstanceWording.Describe(3, 10, "job:sync", 7, "n-plus-one"));
        Assert.Equal("in 1 of 10 GET /x requests, 45 statements", InstanceWording.Describe(1, 10, "GET /x", 45, "too-many-queries"));
    }

    [Fact]
    public void Json_AggregatedFinding_CarriesOccurrencesInstancesExamplesAndWords()
    {
        var report = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();

        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var finding = json.RootElement.GetProperty("findings")[0];

        Assert.Equal(2, finding.GetProperty("occurrences").GetInt32());
        Assert.Equal(4, finding.GetProperty("instances").GetInt32());
        Assert.Equal(5, finding.GetProperty("count").GetInt32());
        Assert.Equal(["r1", "r3"], finding.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(Phrase, finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, json.RootElement.GetProperty("summary").GetProperty("scopeInstances").GetInt32());
    }

    [Fact]
    public void Sarif_AggregatedFinding_PropertiesAndMessageSayIt()
    {
        var report = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();

        using var sarif = JsonDocument.Parse(SarifReportWriter.ToSarif(report));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var result = run.GetProperty("results")[0];

        Assert.Contains(Phrase, result.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        var properties = result.GetProperty("properties");
        Assert.Equal(2, properties.GetProperty("occurrences").GetInt32());
        Assert.Equal(4, properties.GetProperty("instances").GetInt32());
        Assert.Equal(4, run.GetProperty("properties").GetProperty("scopeInstances").GetInt32());
    }

    [Fact]
    public void Markdown_AggregatedFinding_SaysItInWords()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(InstanceLog.FourRequestsTwoWithNPlusOne().Analyze());

        Assert.Contains(Phrase, markdown, StringComparison.Ordinal);
        Assert.Contains("4 requests; per request 3 statements (p95 5)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_AggregatedFinding_SaysItInWords()
    {
        var html = HtmlReportWriter.ToHtml(InstanceLog.FourRequestsTwoWithNPlusOne().Analyze());

        Assert.Contains(Phrase, html, StringComparison.Ordinal);
        Assert.Contains("4 requests; per request 3 statements (p95 5)", html, StringComparison.Ordinal);
    }
}
