using System.Text.Json;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary><c>querydoctor rules</c>: the catalogue as JSON, Markdown and a console table; the CLI's one rule lookup.</summary>
public sealed class RulesCommandTests
{
    [Fact]
    public void Rules_Json_ListsEveryRuleWithIdKindSeverityThresholdDescription()
    {
        var result = CliRunner.Run("rules", "--format", "json");

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldBeEmpty();
        var root = JsonDocument.Parse(result.Out).RootElement;
        root.GetProperty("tool").GetProperty("name").GetString().ShouldBe("querydoctor");
        var rules = root.GetProperty("rules").EnumerateArray().ToList();
        rules.Select(r => r.GetProperty("id").GetString()).ShouldBe(RuleCatalogue.All.Select(r => r.Id));
        rules.Count.ShouldBe(15);
        foreach (var rule in rules)
        {
            rule.GetProperty("kind").GetString().ShouldBeOneOf("scope", "live", "database");
            rule.GetProperty("severity").GetString().ShouldBeOneOf("info", "warning", "error");
            rule.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
            rule.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
            var threshold = rule.GetProperty("threshold");
            if (threshold.ValueKind != JsonValueKind.Null)
            {
                threshold.GetProperty("value").GetDouble().ShouldBeGreaterThan(0);
                threshold.GetProperty("unit").GetString().ShouldNotBeNullOrWhiteSpace();
                threshold.GetProperty("text").GetString().ShouldNotBeNullOrWhiteSpace();
                threshold.GetProperty("option").GetString()!.ShouldStartWith("--");
            }
        }

        var byId = rules.ToDictionary(r => r.GetProperty("id").GetString()!);
        byId["n-plus-one"].GetProperty("threshold").GetProperty("value").GetInt32().ShouldBe(3);
        byId["too-many-queries"].GetProperty("threshold").GetProperty("value").GetInt32().ShouldBe(30);
        byId["slow-query"].GetProperty("threshold").GetProperty("unit").GetString().ShouldBe("ms");
        byId["slow-query"].GetProperty("threshold").GetProperty("value").GetInt32().ShouldBe(500);
        byId["duplicate-query"].GetProperty("severity").GetString().ShouldBe("info");
        byId["cartesian-explosion"].GetProperty("kind").GetString().ShouldBe("live");
        byId["check-then-insert"].GetProperty("threshold").ValueKind.ShouldBe(JsonValueKind.Null);
        byId["unused-index"].GetProperty("kind").GetString().ShouldBe("database");
        byId["full-scan"].GetProperty("threshold").GetProperty("value").GetInt32().ShouldBe(1000);
    }

    [Fact]
    public void Rules_Markdown_OneTableRowPerRule()
    {
        var result = CliRunner.Run("rules", "--format", "markdown");

        result.ExitCode.ShouldBe(0);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("| rule | kind | severity | threshold | description |");
        lines.Length.ShouldBe(2 + RuleCatalogue.All.Count);
        lines.ShouldContain(l => l.StartsWith("| `cartesian-explosion` | live | warning |", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("| `slow-scope` | scope | warning | a scope of 1000 ms or more", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_DefaultConsole_NamesEveryRule()
    {
        var result = CliRunner.Run("rules");

        result.ExitCode.ShouldBe(0);
        foreach (var rule in RuleCatalogue.All)
        {
            result.Out.ShouldContain(rule.Id);
        }
    }

    [Fact]
    public void Rules_OutputFile_WritesTheList()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-rules-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            CliRunner.Run("rules", "--format", "json", "--output", path).ExitCode.ShouldBe(0);

            JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("rules").GetArrayLength().ShouldBe(RuleCatalogue.All.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--format", "sarif")]
    [InlineData("--bogus")]
    public void Rules_BadInput_OneLineExit2(params string[] args)
    {
        var result = CliRunner.Run(["rules", .. args]);

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBeEmpty();
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public void Analyze_SuppressLiveRule_Accepted()
    {
        var log = CliRunner.TempFile("{\"scope\":\"s\",\"sql\":\"SELECT 1\"}\n");

        CliRunner.Run("analyze", log, "--suppress", "cartesian-explosion", "--format", "json").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("--disable", "cartesian-explosion")]
    [InlineData("--severity", "cartesian-explosion=error")]
    [InlineData("--threshold", "cartesian-explosion=3")]
    public void Analyze_LiveRuleOption_OneLineExit2(string option, string value)
    {
        var log = CliRunner.TempFile("{\"scope\":\"s\",\"sql\":\"SELECT 1\"}\n");

        var result = CliRunner.Run("analyze", log, option, value);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("'cartesian-explosion' is a live-only rule");
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
    }
}
