using System.Text.Json;

namespace QueryDoctor.Cli.Tests.Commands;

public sealed class DemoCommandTests
{
    private static readonly string[] ScenarioIds =
    [
        "timeledger.detect-phase-transitions.7d",
        "timeledger.detect-phase-transitions.30d",
        "timeledger.detect-phase-transitions.90d",
        "timeledger.expand-rules.10",
        "datetree.calendar-overview",
        "datetree.permission-check",
        "datetree.vote-count",
        "datetree.events-in-range",
        "studio.project-list",
        "studio.cleanup",
    ];

    [Fact]
    public void Demo_JsonToFile_EveryScenarioWithContractCounts()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-demo-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var result = CliRunner.Run("demo", "--format", "json", "--output", path);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Out);
            Assert.Equal("", result.Error); // not a terminal: no progress
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
            Assert.Equal(ScenarioIds, scenarios.Select(s => s.GetProperty("id").GetString()));

            var byId = scenarios.ToDictionary(s => s.GetProperty("id").GetString()!);
            (string Id, int Before, int After)[] counts =
            [
                ("timeledger.detect-phase-transitions.7d", 8, 1),
                ("timeledger.detect-phase-transitions.30d", 31, 1),
                ("timeledger.detect-phase-transitions.90d", 91, 1),
                ("timeledger.expand-rules.10", 31, 1),
                ("datetree.calendar-overview", 58, 2),
                ("datetree.permission-check", 2, 1),
            ];
            foreach (var (id, before, after) in counts)
            {
                Assert.Equal(before, byId[id].GetProperty("before").GetProperty("queries").GetInt32());
                Assert.Equal(after, byId[id].GetProperty("after").GetProperty("queries").GetInt32());
            }

            var thirty = byId["timeledger.detect-phase-transitions.30d"];
            Assert.Equal(["n-plus-one", "too-many-queries"], thirty.GetProperty("before").GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
            foreach (var scenario in scenarios)
            {
                Assert.Equal(0, scenario.GetProperty("after").GetProperty("findings").GetArrayLength());
                Assert.True(scenario.GetProperty("before").GetProperty("ms").GetDouble() > 0);
                Assert.True(scenario.GetProperty("after").GetProperty("ms").GetDouble() > 0);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Demo_Console_BeforeAfterTablePerScenario()
    {
        var result = CliRunner.Run("demo", "--only", "datetree");

        Assert.Equal(0, result.ExitCode);
        foreach (var id in ScenarioIds)
        {
            Assert.Equal(id.StartsWith("datetree.", StringComparison.Ordinal), result.Out.Contains(id, StringComparison.Ordinal));
        }

        Assert.Contains("Before (naive)", result.Out, StringComparison.Ordinal);
        Assert.Contains("n-plus-one", result.Out, StringComparison.Ordinal);
        Assert.Contains("ix_votes_list_item_id", result.Out, StringComparison.Ordinal);
        Assert.Contains("In all:", result.Out, StringComparison.Ordinal);
        Assert.Contains("fix: ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Markdown_OneRowPerScenario()
    {
        var result = CliRunner.Run("demo", "--format", "markdown", "--only", "timeledger", "--only", "studio.cleanup");

        Assert.Equal(0, result.ExitCode);
        var rows = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, rows.Count);
        Assert.StartsWith("| `studio.cleanup` |", rows[4], StringComparison.Ordinal);
        Assert.StartsWith("| `timeledger.detect-phase-transitions.30d` | 31 | 1 |", rows[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("lots")]
    public void Demo_BadScale_Exit2OneLine(string scale)
    {
        var result = CliRunner.Run("demo", "--scale", scale);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Demo_OnlyMatchingNothing_Exit2()
    {
        var result = CliRunner.Run("demo", "--only", "nosuch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nosuch", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=app.db")]
    [InlineData("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2")]
    public void Demo_DbNotAReachablePostgres_Exit2OneLine(string connection)
    {
        var result = CliRunner.Run("demo", "--db", connection);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("PostgreSQL", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("pdf")]
    public void Demo_UnknownFormat_Exit2(string format) =>
        Assert.Equal(2, CliRunner.Run("demo", "--format", format).ExitCode);

    [Fact]
    public void Demo_Html_TableAndTheNaiveFindingsWithFixes()
    {
        var result = CliRunner.Run("demo", "--format", "html", "--only", "timeledger.detect-phase-transitions.7d");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", result.Out, StringComparison.Ordinal);
        Assert.Contains("<td><code>timeledger.detect-phase-transitions.7d</code>", result.Out, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">8</td><td class=\"n\">1</td>", result.Out, StringComparison.Ordinal);
        Assert.Contains("before: <code>n-plus-one</code>", result.Out, StringComparison.Ordinal);
        Assert.Contains("<div class=\"fix\">", result.Out, StringComparison.Ordinal);
        Assert.Contains("<style>" + Reporting.ReportStylesheet.Css + "</style>", result.Out, StringComparison.Ordinal);
    }
}
