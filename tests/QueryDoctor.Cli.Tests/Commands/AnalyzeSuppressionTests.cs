namespace QueryDoctor.Cli.Tests.Commands;

/// <summary><c>analyze</c> honours a <c>querydoctor:allow</c> comment in the logged SQL (EF Core's TagWith writes one).</summary>
public sealed class AnalyzeSuppressionTests
{
    private static string Loop(string sql, string callSite) => string.Concat(Enumerable.Range(1, 3).Select(i =>
        $"{{\"scope\":\"GET /blogs\",\"sql\":\"{sql}\",\"parameters\":{{\"@b\":{i}}},\"callSite\":\"{callSite}\"}}\n"));

    [Fact]
    public void Analyze_TaggedLoop_NotReported_UntaggedLoopStillFails()
    {
        var log = Loop("-- querydoctor:allow n-plus-one\\nSELECT * FROM posts WHERE blog_id = @b", "A.cs:1")
            + Loop("SELECT * FROM users WHERE id = @b", "B.cs:1");

        var result = CliRunner.Run("analyze", CliRunner.TempFile(log), "--format", "json", "--fail-on", "warning");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"callSite\": \"B.cs:1\"", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"callSite\": \"A.cs:1\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_OnlyTaggedLoop_PassesTheGate()
    {
        var log = Loop("-- querydoctor:allow n-plus-one\\nSELECT * FROM posts WHERE blog_id = @b", "A.cs:1");

        Assert.Equal(0, CliRunner.Run("analyze", CliRunner.TempFile(log), "--format", "json", "--fail-on", "warning").ExitCode);
    }
}
