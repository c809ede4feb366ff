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
