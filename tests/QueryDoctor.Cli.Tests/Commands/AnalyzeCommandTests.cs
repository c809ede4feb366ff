using System.Text.Json;

namespace QueryDoctor.Cli.Tests.Commands;

public sealed class AnalyzeCommandTests
{
    private const string NPlusOneLog =
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":1},\"callSite\":\"B.cs:25\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":2},\"callSite\":\"B.cs:25\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":3},\"callSite\":\"B.cs:25\"}\n";

    [Fact]
    public void Analyze_Console_ShowsScopeFindingAndSuggestion()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("GET /blogs", result.Out, StringComparison.Ordinal);
        Assert.Contains("n-plus-one", result.Out, StringComparison.Ordinal);
        Assert.Contains("posts queried 3 times", result.Out, StringComparison.Ordinal);
        Assert.Contains("→ Load the posts rows", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CleanLog_SaysSo()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile("{\"scope\":\"s\",\"sql\":\"SELECT 1\"}\n"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No findings", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("info", 1)]
    [InlineData("warning", 1)]
    [InlineData("error", 0)]
    public void Analyze_FailOn_ExitCodeFollowsHighestSeverity(string failOn, int exitCode) =>
        Assert.Equal(exitCode, CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--fail-on", failOn, "--format", "json").ExitCode);

    [Fact]
    public void Analyze_MalformedLine_Exit2NamingFileAndLine()
    {
        var path = CliRunner.TempFile(NPlusOneLog + "{\"scope\": \"GET /blogs\", \"sql\": \n");
        var result = CliRunner.Run("analyze", path, "--format", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"querydoctor: error: {path}:4: not valid JSON", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Analyze_SkipInvalid_ReportsSkippedLines()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile("oops\n" + NPlusOneLog), "--skip-invalid", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("skipped 1 invalid line", result.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("skippedLines").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void Analyze_SeveralFiles_MergeScopesByName()
    {
        var lines = NPlusOneLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var first = CliRunner.TempFile(lines[0] + "\n" + lines[1] + "\n");
        var second = CliRunner.TempFile(lines[2] + "\n");
        var result = CliRunner.Run("analyze", first, second, "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(3, json.RootElement.GetProperty("findings")[0].GetProperty("count").GetInt32());
    }

    [Fact]
    public void Analyze_Output_WritesFileAndNothingToStdout()
    {
        var output = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + ".json");
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--format", "json", "--output", output);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("n-plus-one", json.RootElement.GetProperty("findings")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public void Analyze_Threshold_ChangesTheRule()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--threshold", "n-plus-one=4", "--format", "json");
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Theory]
    [InlineData(new[] { "analyze", "/no/such/file.jsonl" }, "cannot read '/no/such/file.jsonl': no such file")]
    [InlineData(new[] { "analyze" }, "Required argument 'FILE' missing")]
    [InlineData(new[] { "analyze", "LOG", "--format", "xml" }, "Argument 'xml' not recognized")]
    [InlineData(new[] { "analyze", "LOG", "--fail-on", "fatal" }, "Argument 'fatal' not recognized")]
    [InlineData(new[] { "analyze", "LOG", "--threshold", "n-plus-one" }, "--threshold expects RULE=VALUE")]
    [InlineData(new[] { "analyze", "LOG", "--threshold", "bogus=3" }, "unknown rule 'bogus'")]
    [InlineData(new[] { "analyze", "LOG", "--threshold", "n-plus-one=1" }, "n-plus-one threshold must be at least 2")]
    [InlineData(new[] { "analyze", "LOG", "--severity", "n-plus-one=fatal" }, "unknown severity 'fatal'")]
    [InlineData(new[] { "analyze", "LOG", "--output", "/no/such/dir/out.json" }, "folder '/no/such/dir' does not exist")]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [InlineData(new string[0], "Required command was not provided")]
    public void Analyze_BadInput_OneLineAndExit2(string[] args, string expected)
    {
        var log = CliRunner.TempFile(NPlusOneLog);
        var result = CliRunner.Run(args.Select(a => a == "LOG" ? log : a).ToArray());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_Folder_Exit2()
    {
        var result = CliRunner.Run("analyze", Path.GetTempPath());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("it is a folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Exit0()
    {
        var result = CliRunner.Run("analyze", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--skip-invalid", result.Out, StringComparison.Ordinal);
    }
}
