using NJsonSchema;
using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Reports;

/// <summary>Every kind of SARIF report the CLI writes validates against the published SARIF 2.1.0 schema.</summary>
public sealed class SarifSchemaTests
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-2.1.0-rtm.5.json")));

    private const string Log =
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":1},\"callSite\":\"Blogs.Index (src/Blogs.cs:25)\",\"durationMs\":1.5,\"rows\":3}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":2},\"callSite\":\"Blogs.Index (src/Blogs.cs:25)\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":3},\"callSite\":\"Blogs.Index (src/Blogs.cs:25)\"}\n" +
        "{\"scope\":\"GET /settings\",\"sql\":\"SELECT value FROM settings WHERE key = 'theme'\",\"callSite\":\"C:/src/Layout.cs:40\"}\n" +
        "{\"scope\":\"GET /settings\",\"sql\":\"SELECT value FROM settings WHERE key = 'theme'\",\"callSite\":\"/home/app/src/Setting s.cs:41\"}\n" +
        "{\"scope\":\"GET /export\",\"sql\":\"SELECT * FROM orders\",\"rows\":5000,\"durationMs\":900}\n" +
        "{\"type\":\"scope\",\"scope\":\"GET /export\",\"durationMs\":1500}\n";

    private static async Task ShouldBeValidSarif(CliRunner.Result result)
    {
        result.Error.ShouldBe("");
        var errors = (await Schema.Value).Validate(result.Out);
        errors.Select(e => $"{e.Path}: {e.Kind}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Analyze_ScopeFindings_ValidSarif()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--format", "sarif");

        result.Out.ShouldContain("\"ruleId\": \"n-plus-one\"");
        result.Out.ShouldContain("\"ruleId\": \"slow-query\"");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Analyze_NoFindings_ValidSarif()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile("{\"scope\":\"a\",\"sql\":\"SELECT 1\"}\n"), "--format", "sarif");

        result.Out.ShouldContain("\"results\": []");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Analyze_WithBaseline_ValidSarifWithSuppressions()
    {
        var log = CliRunner.TempFile(Log);
        var baseline = CliRunner.TempFile("", ".json");
        CliRunner.Run("baseline", log, "--threshold", "n-plus-one=99", "-o", baseline).ExitCode.ShouldBe(0);

        var result = CliRunner.Run("analyze", log, "--baseline", baseline, "--format", "sarif");

        result.Out.ShouldContain("\"baselineState\": \"new\"");
        result.Out.ShouldContain("\"kind\": \"external\"");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Analyze_WithSuppressions_ValidSarif()
    {
        var tagged = string.Concat(Enumerable.Range(1, 3).Select(i =>
            $"{{\"scope\":\"GET /t\",\"sql\":\"-- querydoctor:allow n-plus-one\\nSELECT * FROM tags WHERE id = {i}\",\"callSite\":\"T.cs:3\"}}\n"));

        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log + tagged), "--suppress", "rule=slow-query;reason=batch export", "--format", "sarif");

        result.Out.ShouldContain("\"kind\": \"inSource\"");
        result.Out.ShouldContain("\"justification\": \"Suppressed by rule slow-query (batch export).\"");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Doctor_SchemaFindings_ValidSarif()
    {
        var result = CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--format", "sarif");

        result.Out.ShouldContain("\"ruleId\": \"unindexed-foreign-key\"");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Analyze_WithDatabaseAndAdvisor_ValidSarif()
    {
        var db = DatabaseFiles.Sqlite();
        var log = CliRunner.TempFile(string.Concat(Enumerable.Range(1, 5).Select(i =>
            $"{{\"scope\":\"GET /notes\",\"sql\":\"SELECT id FROM orders WHERE note = 'n{i}'\",\"callSite\":\"Notes.cs:{i}\"}}\n")));

        var result = CliRunner.Run("analyze", log, "--db", db, "--format", "sarif");

        result.Out.ShouldContain("\"ruleId\": \"missing-index\"");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Demo_NaiveFindings_ValidSarif()
    {
        var result = CliRunner.Run("demo", "--format", "sarif", "--only", "timeledger.detect-phase-transitions.7d");

        result.Out.ShouldContain("\"ruleId\": \"n-plus-one\"");
        await ShouldBeValidSarif(result);
    }

    [Fact]
    public async Task Schema_RejectsABrokenReport()
    {
        // The check itself can fail: a result without a message is not SARIF.
        var broken = new CliRunner.Result(0, """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r"}]}]}
            """, "");

        var errors = (await Schema.Value).Validate(broken.Out);

        errors.ShouldNotBeEmpty();
    }
}
