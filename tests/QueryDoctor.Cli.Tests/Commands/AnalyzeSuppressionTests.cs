using System.Text.Json;
using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary><c>analyze</c> honours <c>querydoctor:allow</c> comments in the logged SQL (EF Core's TagWith writes one) and <c>--suppress</c>.</summary>
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
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["B.cs:1"], CallSites(root, "findings"));
        Assert.Equal(["A.cs:1"], CallSites(root, "suppressed"));
    }

    [Fact]
    public void Analyze_OnlyTaggedLoop_PassesTheGate()
    {
        var log = Loop("-- querydoctor:allow n-plus-one\\nSELECT * FROM posts WHERE blog_id = @b", "A.cs:1");

        Assert.Equal(0, CliRunner.Run("analyze", CliRunner.TempFile(log), "--format", "json", "--fail-on", "warning").ExitCode);
    }

    private static List<string?> CallSites(JsonElement root, string property) =>
        root.TryGetProperty(property, out var array)
            ? [.. array.EnumerateArray().Select(f => f.TryGetProperty("callSite", out var c) ? c.GetString() : null)]
            : [];

    [Fact]
    public void Analyze_TaggedLoop_ListedAsSuppressedByTheTag()
    {
        var log = Loop("-- querydoctor:allow n-plus-one\\nSELECT * FROM posts WHERE blog_id = @b", "A.cs:1");

        var result = CliRunner.Run("analyze", CliRunner.TempFile(log), "--format", "json");

        var root = JsonDocument.Parse(result.Out).RootElement;
        var suppressed = root.GetProperty("suppressed").EnumerateArray().Single();
        suppressed.GetProperty("rule").GetString().ShouldBe("n-plus-one");
        suppressed.GetProperty("suppressedBy").GetString().ShouldBe("tag querydoctor:allow n-plus-one");
        root.GetProperty("summary").GetProperty("suppressed").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("n-plus-one")]
    [InlineData("rule=n-plus-one;callSite=A.cs")]
    [InlineData("callSite=A.*")]
    [InlineData("sql=*from posts*;reason=legacy importer")]
    public void Analyze_Suppress_TakesOutOnlyTheMatchingFinding(string spec)
    {
        var log = Loop("SELECT * FROM posts WHERE blog_id = @b", "A.cs:1");
        if (spec != "n-plus-one")
        {
            log += Loop("SELECT * FROM users WHERE id = @b", "B.cs:1");
        }

        var result = CliRunner.Run("analyze", CliRunner.TempFile(log), "--suppress", spec, "--format", "json", "--fail-on", "warning");

        var root = JsonDocument.Parse(result.Out).RootElement;
        CallSites(root, "suppressed").ShouldBe(["A.cs:1"]);
        CallSites(root, "findings").ShouldBe(spec == "n-plus-one" ? [] : ["B.cs:1"]);
        result.ExitCode.ShouldBe(spec == "n-plus-one" ? 0 : 1, result.Error);
    }

    [Fact]
    public void Analyze_SuppressWithReason_ShownInConsoleAndSarif()
    {
        var log = CliRunner.TempFile(Loop("SELECT * FROM posts WHERE blog_id = @b", "A.cs:1"));

        var console = CliRunner.Run("analyze", log, "--suppress", "rule=n-plus-one;reason=legacy importer");
        var sarif = CliRunner.Run("analyze", log, "--suppress", "rule=n-plus-one;reason=legacy importer", "--format", "sarif");

        console.Out.ShouldContain("1 suppressed finding: n-plus-one (1)");
        console.Out.ShouldContain("(suppressed by rule n-plus-one");
        sarif.Out.ShouldContain("\"justification\": \"Suppressed by rule n-plus-one (legacy importer).\"");
    }

    [Fact]
    public void Analyze_SuppressDatabaseRule_AppliesToDatabaseFindings()
    {
        var db = DatabaseFiles.Sqlite();
        var log = CliRunner.TempFile("{\"scope\":\"a\",\"sql\":\"SELECT 1\"}\n");

        var result = CliRunner.Run("analyze", log, "--db", db, "--suppress", "rule=redundant-index", "--format", "json");

        var root = JsonDocument.Parse(result.Out).RootElement;
        root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ShouldNotContain("redundant-index");
        root.GetProperty("suppressed").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ShouldBe(["redundant-index"]);
    }

    [Fact]
    public void Doctor_Suppress_TakesOutTheTable()
    {
        var result = CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--suppress", "rule=missing-primary-key", "--format", "json", "--fail-on", "warning");

        var root = JsonDocument.Parse(result.Out).RootElement;
        root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ShouldNotContain("missing-primary-key");
        root.GetProperty("summary").GetProperty("suppressed").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("n-plus-two", "unknown rule 'n-plus-two'")]
    [InlineData("rule=n-plus-one;where=x", "unknown key 'where'")]
    [InlineData("reason=because", "give a rule, a callSite or a sql pattern")]
    [InlineData("callSite=", "'callSite' needs a value")]
    public void Analyze_BadSuppress_OneLineExit2(string spec, string expected)
    {
        var log = CliRunner.TempFile(Loop("SELECT * FROM posts WHERE blog_id = @b", "A.cs:1"));

        var result = CliRunner.Run("analyze", log, "--suppress", spec);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(expected);
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
    }
}
