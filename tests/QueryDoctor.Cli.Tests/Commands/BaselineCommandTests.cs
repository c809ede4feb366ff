using System.Text.Json;
using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

public sealed class BaselineCommandTests
{
    private static string NPlusOne(string scope, string table, string callSite) => string.Concat(Enumerable.Range(1, 4).Select(i =>
        $"{{\"scope\":\"{scope}\",\"sql\":\"SELECT * FROM {table} WHERE blog_id = @b\",\"parameters\":{{\"@b\":{i}}},\"callSite\":\"{callSite}\"}}\n"));

    private static List<(string Rule, string? CallSite)> Findings(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray()
            .Select(f => (f.GetProperty("rule").GetString()!, f.TryGetProperty("callSite", out var c) ? c.GetString() : null))];

    [Fact]
    public void Baseline_ThenAnNPlusOneIsAdded_OnlyTheNewOneFails()
    {
        // Today's code: one N+1 in the blog list. It is accepted in the baseline.
        var today = CliRunner.TempFile(NPlusOne("GET /blogs", "posts", "Blogs.Index (src/Blogs.cs:25)"));
        var baseline = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + ".baseline.json");
        var written = CliRunner.Run("baseline", today, "--output", baseline);
        written.ExitCode.ShouldBe(0, written.Error);
        written.Error.ShouldContain("baseline: 1 finding accepted (n-plus-one 1)");

        // Tomorrow: lines above the old call moved it to line 31, and a new N+1 appeared elsewhere.
        var tomorrow = CliRunner.TempFile(
            NPlusOne("GET /blogs", "posts", "Blogs.Index (src/Blogs.cs:31)") +
            NPlusOne("GET /blogs", "comments", "Blogs.Comments (src/Blogs.cs:58)"));
        var result = CliRunner.Run("analyze", tomorrow, "--baseline", baseline, "--fail-on", "warning", "--format", "json");

        result.ExitCode.ShouldBe(1, result.Error);
        var root = JsonDocument.Parse(result.Out).RootElement;
        Findings(root, "findings").ShouldBe([("n-plus-one", "Blogs.Comments (src/Blogs.cs:58)")]);
        Findings(root, "baselined").ShouldBe([("n-plus-one", "Blogs.Index (src/Blogs.cs:31)")]);
        root.GetProperty("summary").GetProperty("findings").GetInt32().ShouldBe(1);
        root.GetProperty("summary").GetProperty("baselined").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Analyze_EveryFindingBaselined_PassesAndListsThem()
    {
        var log = CliRunner.TempFile(NPlusOne("GET /blogs", "posts", "Blogs.Index (src/Blogs.cs:25)"));
        var baseline = CliRunner.TempFile("", ".json");
        CliRunner.Run("baseline", log, "-o", baseline).ExitCode.ShouldBe(0);

        var result = CliRunner.Run("analyze", log, "--baseline", baseline, "--fail-on", "info");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("No new findings.");
        result.Out.ShouldContain("1 baselined finding, not failing: n-plus-one (1)");
    }

    [Theory]
    [InlineData("markdown", "## Baselined")]
    [InlineData("html", "<section id=\"baselined\">")]
    [InlineData("sarif", "\"baselineState\": \"unchanged\"")]
    public void Analyze_Baselined_ShownInEveryFormat(string format, string expected)
    {
        var log = CliRunner.TempFile(NPlusOne("GET /blogs", "posts", "Blogs.Index (src/Blogs.cs:25)"));
        var baseline = CliRunner.TempFile("", ".json");
        CliRunner.Run("baseline", log, "-o", baseline).ExitCode.ShouldBe(0);

        var result = CliRunner.Run("analyze", log, "--baseline", baseline, "--format", format);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain(expected);
    }

    [Fact]
    public void Baseline_ToStandardOutput_IsSortedJsonWithoutLineNumbers()
    {
        var log = CliRunner.TempFile(
            NPlusOne("GET /z", "posts", "Z.Load (src/Z.cs:9)") + NPlusOne("GET /a", "posts", "A.Load in /src/A.cs:line 12"));

        var result = CliRunner.Run("baseline", log);

        result.ExitCode.ShouldBe(0, result.Error);
        var findings = JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.Select(f => f.GetProperty("scope").GetString()).ShouldBe(["GET /a", "GET /z"]);
        findings.Select(f => f.GetProperty("callSite").GetString()).ShouldBe(["A.Load in /src/A.cs", "Z.Load (src/Z.cs)"]);
    }

    [Fact]
    public void Doctor_Baseline_OnlyNewSchemaFindingsFail()
    {
        var db = DatabaseFiles.Sqlite();
        var baseline = CliRunner.TempFile("", ".json");
        var written = CliRunner.Run("baseline", "--db", db, "-o", baseline);
        written.ExitCode.ShouldBe(0, written.Error);
        written.Error.ShouldContain("3 findings accepted");

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE tags (name TEXT)";
            command.ExecuteNonQuery();
        }

        var result = CliRunner.Run("doctor", "--db", db, "--baseline", baseline, "--fail-on", "warning", "--format", "json");

        var root = JsonDocument.Parse(result.Out).RootElement;
        root.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("rule").GetString(), f.GetProperty("table").GetString()))
            .ShouldBe([("missing-primary-key", "tags")]);
        root.GetProperty("baselined").GetArrayLength().ShouldBe(3);
        result.ExitCode.ShouldBe(1, result.Error);
    }

    [Theory]
    [InlineData("{\"findings\": 3}", "not a QueryDoctor baseline")]
    [InlineData("not json", "invalid JSON at line 1")]
    [InlineData("{\"version\": 9, \"findings\": []}", "newer than this QueryDoctor understands")]
    [InlineData("{\"findings\": [{\"scope\": \"x\"}]}", "baseline entry 1 has no \"rule\"")]
    public void Analyze_BadBaseline_OneLineExit2(string content, string expected)
    {
        var log = CliRunner.TempFile(NPlusOne("GET /blogs", "posts", "Blogs.Index (src/Blogs.cs:25)"));

        var result = CliRunner.Run("analyze", log, "--baseline", CliRunner.TempFile(content, ".json"));

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(expected);
        result.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public void Analyze_MissingBaseline_Exit2()
    {
        var log = CliRunner.TempFile(NPlusOne("GET /blogs", "posts", "Blogs.Index (src/Blogs.cs:25)"));

        var result = CliRunner.Run("analyze", log, "--baseline", "/nonexistent/base.json");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no such file");
    }

    [Fact]
    public void Baseline_NothingToCheck_Exit2()
    {
        var result = CliRunner.Run("baseline");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("baseline needs event logs");
    }
}
