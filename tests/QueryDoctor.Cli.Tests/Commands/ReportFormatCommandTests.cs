using System.Text.Json;

namespace QueryDoctor.Cli.Tests.Commands;

public sealed class ReportFormatCommandTests
{
    private const string NPlusOneLog =
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":1},\"callSite\":\"src/Blogs.cs:25\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":2},\"callSite\":\"src/Blogs.cs:25\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":3},\"callSite\":\"src/Blogs.cs:25\"}\n";

    [Fact]
    public void Analyze_Sarif_HasTheFindingAtItsCallSite()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--format", "sarif");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var run = json.RootElement.GetProperty("runs")[0];
        var finding = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("n-plus-one", finding.GetProperty("ruleId").GetString());
        var physical = finding.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("src/Blogs.cs", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(25, physical.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void Analyze_Markdown_WritesScopeTable()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--format", "markdown");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# QueryDoctor report", result.Out, StringComparison.Ordinal);
        Assert.Contains("## GET /blogs", result.Out, StringComparison.Ordinal);
        Assert.Contains("| warning | `n-plus-one` | 3 |", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_Html_ToFile()
    {
        var output = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + ".html");
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--format", "html", "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        var html = File.ReadAllText(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>GET /blogs</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<code>n-plus-one</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_OutputIsASymbolicLink_WrittenThroughTheLinkNotReplacingIt()
    {
        // The same path a device such as /dev/null takes: a temporary file moved over the target would replace it.
        var folder = Directory.CreateTempSubdirectory("qd-link-").FullName;
        try
        {
            var target = Path.Combine(folder, "report.json");
            File.WriteAllText(target, new string('x', 100_000));
            var link = Path.Combine(folder, "latest.json");
            File.CreateSymbolicLink(link, target);

            var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--format", "json", "--output", link);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(target, new FileInfo(link).LinkTarget);
            using var json = JsonDocument.Parse(File.ReadAllText(target));
            Assert.Equal("n-plus-one", json.RootElement.GetProperty("findings")[0].GetProperty("rule").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Analyze_UnknownFormat_Exit2()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(NPlusOneLog), "--format", "xml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Markdown_BeforeAfterTable()
    {
        var after = "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id IN (@a, @b, @c)\"}\n";
        var result = CliRunner.Run("compare", CliRunner.TempFile(NPlusOneLog), CliRunner.TempFile(after), "--format", "markdown");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("| Scope | Queries before | Queries after |", result.Out, StringComparison.Ordinal);
        Assert.Contains("| GET /blogs | 3 | 1 |", result.Out, StringComparison.Ordinal);
        Assert.Contains("67% fewer", result.Out, StringComparison.Ordinal);
        Assert.Contains("n-plus-one → none", result.Out, StringComparison.Ordinal);
    }
}
