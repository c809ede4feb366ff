using System.Text.Json;
using QueryDoctor.Reporting;

namespace QueryDoctor.Tests.Reporting;

public sealed class JsonReportWriterTests
{
    [Fact]
    public void ToJson_ContractShape_AbsentEvidenceOmitted()
    {
        var report = new AnalysisReport
        {
            Findings =
            [
                new Finding
                {
                    Rule = "n-plus-one", Severity = Severity.Warning, Scope = "GET /calendars/7", Message = "m", Count = 30,
                    Fingerprint = "abc", CallSite = "C.cs:42", Table = "votes", Columns = ["list_item_id"], DurationMs = 41.7,
                    Suggestion = "s", Ddl = "CREATE INDEX …",
                },
                new Finding { Rule = "slow-scope", Severity = Severity.Error, Message = "slow" },
            ],
            EventCount = 120,
        };

        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var root = json.RootElement;
        Assert.Equal("querydoctor", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("tool").GetProperty("version").GetString()));
        var first = root.GetProperty("findings")[0];
        Assert.Equal("warning", first.GetProperty("severity").GetString());
        Assert.Equal(30, first.GetProperty("count").GetInt32());
        Assert.Equal("list_item_id", first.GetProperty("columns")[0].GetString());
        Assert.Equal(41.7, first.GetProperty("durationMs").GetDouble());
        Assert.Equal("CREATE INDEX …", first.GetProperty("ddl").GetString());
        var second = root.GetProperty("findings")[1];
        Assert.Equal("error", second.GetProperty("severity").GetString());
        Assert.False(second.TryGetProperty("scope", out _));
        Assert.False(second.TryGetProperty("count", out _));
        var summary = root.GetProperty("summary");
        Assert.Equal(120, summary.GetProperty("events").GetInt64());
        Assert.Equal(2, summary.GetProperty("findings").GetInt32());
        Assert.Equal(1, summary.GetProperty("byRule").GetProperty("n-plus-one").GetInt32());
        Assert.False(summary.TryGetProperty("skippedLines", out _));
    }
}
