using System.Text.Json;

namespace QueryDoctor.Cli.Tests.Commands;

public sealed class CompareCommandTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Scenarios");

    private const string After =
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT b.id, p.id FROM blogs AS b LEFT JOIN posts AS p ON b.id = p.blog_id\",\"parameters\":{},\"durationMs\":0.9}\n" +
        "{\"type\":\"scope\",\"scope\":\"GET /blogs\",\"durationMs\":3.1}\n" +
        "{\"scope\":\"GET /new\",\"sql\":\"SELECT 1\",\"durationMs\":0.1}\n";

    [Fact]
    public void Compare_Json_QueriesTimeAndFindingsPerScope()
    {
        var result = CliRunner.Run("compare", Path.Combine(Folder, "blog-index-n-plus-one.jsonl"), CliRunner.TempFile(After), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var scopes = json.RootElement.GetProperty("scopes");
        Assert.Equal(2, scopes.GetArrayLength());
        var blogs = scopes[0];
        Assert.Equal("GET /blogs", blogs.GetProperty("scope").GetString());
        Assert.Equal(7, blogs.GetProperty("before").GetProperty("queries").GetInt32());
        Assert.Equal(14.2, blogs.GetProperty("before").GetProperty("ms").GetDouble());
        Assert.Equal("n-plus-one", blogs.GetProperty("before").GetProperty("findings")[0].GetString());
        Assert.Equal(1, blogs.GetProperty("after").GetProperty("queries").GetInt32());
        Assert.Equal(3.1, blogs.GetProperty("after").GetProperty("ms").GetDouble());
        Assert.Equal(0, blogs.GetProperty("after").GetProperty("findings").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, scopes[1].GetProperty("before").ValueKind);
        Assert.Equal(0.1, scopes[1].GetProperty("after").GetProperty("ms").GetDouble());
    }

    [Fact]
    public void Compare_Console_ShowsTheChange()
    {
        var result = CliRunner.Run("compare", Path.Combine(Folder, "blog-index-n-plus-one.jsonl"), CliRunner.TempFile(After));
        Assert.Contains("86% fewer", result.Out, StringComparison.Ordinal);
        Assert.Contains("n-plus-one → none", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Markdown_TheSharedComparisonTable()
    {
        var result = CliRunner.Run("compare", Path.Combine(Folder, "blog-index-n-plus-one.jsonl"), CliRunner.TempFile(After), "--format", "markdown");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "| Scope | Queries before | Queries after | ms before | ms after | Change | Findings before → after |\n" +
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n" +
            "| GET /blogs | 7 | 1 | 14.2 | 3.1 | 86% fewer | n-plus-one → none |\n" +
            "| GET /new | — | 1 | — | 0.1 |  | — → none |\n",
            result.Out);
    }

    [Fact]
    public void Compare_Html_TheReportsStylesheetTableAndCharts()
    {
        var log = Path.Combine(Folder, "blog-index-n-plus-one.jsonl");
        var compare = CliRunner.Run("compare", log, CliRunner.TempFile(After), "--format", "html");
        var analyze = CliRunner.Run("analyze", log, "--format", "html");

        Assert.Equal(0, compare.ExitCode);
        var style = "<style>" + Reporting.ReportStylesheet.Css + "</style>";
        Assert.Contains(style, compare.Out, StringComparison.Ordinal);
        Assert.Contains(style, analyze.Out, StringComparison.Ordinal);
        Assert.Contains("<tr><td>GET /blogs</td><td class=\"n\">7</td><td class=\"n\">1</td><td class=\"n\">14.2</td><td class=\"n\">3.1</td><td class=\"n\">86% fewer</td><td>n-plus-one → none</td></tr>", compare.Out, StringComparison.Ordinal);
        Assert.Contains("<figure class=\"qd-before-after\" id=\"queries\"", compare.Out, StringComparison.Ordinal);
        Assert.Contains("<figure class=\"qd-before-after\" id=\"time\"", compare.Out, StringComparison.Ordinal);
        Assert.EndsWith("</figure>\n</body>\n</html>\n", compare.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_FailOn_JudgesTheAfterRun()
    {
        var log = Path.Combine(Folder, "blog-index-n-plus-one.jsonl");
        Assert.Equal(0, CliRunner.Run("compare", log, CliRunner.TempFile(After), "--fail-on", "warning").ExitCode);
        Assert.Equal(1, CliRunner.Run("compare", CliRunner.TempFile(After), log, "--fail-on", "warning").ExitCode);
    }

    [Fact]
    public void Compare_MissingFile_Exit2() =>
        Assert.Equal(2, CliRunner.Run("compare", "/nope/a.jsonl", "/nope/b.jsonl").ExitCode);
}
